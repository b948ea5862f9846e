export class OwnReverts {}
