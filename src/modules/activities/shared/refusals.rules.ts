import { ConflictError, ValidationError } from '../../../lib/errors.ts';

/**
 * Runs a use case whose refusals a person can act on (not cleared, a clash, a place just
 * taken) and names the form field a refusal belongs to when it names none, so `submitForm`
 * shows it in the page's error summary. Anything else goes on to the error handler unchanged.
 */
export async function refusedOn<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError && Object.keys(error.errors).length === 0) {
      throw new ValidationError({ [field]: error.message }, error.message);
    }
    if (error instanceof ConflictError) {
      throw new ConflictError(error.message, { [field]: error.message });
    }
    throw error;
  }
}
