/** An error a route throws to end a request with a status and a localized message. */
export class HttpError extends Error {
  readonly statusCode: number;
  /** Message key shown to the user. */
  readonly messageKey: string;

  constructor(statusCode: number, messageKey: string) {
    super(messageKey);
    this.statusCode = statusCode;
    this.messageKey = messageKey;
  }
}

export const notFound = () => new HttpError(404, 'errors.notFound.body');
export const forbidden = () => new HttpError(403, 'errors.forbidden.body');
/** Not signed in: page routes turn this into a redirect to the sign-in page. */
export const unauthorized = () => new HttpError(401, 'errors.unauthorized.body');
export const badRequest = (messageKey = 'errors.badRequest.body') => new HttpError(400, messageKey);
export const conflict = (messageKey: string) => new HttpError(409, messageKey);
