import { DatabaseError } from 'pg';

/** An error PostgreSQL itself answered with, so a failing activity can name the database as the service that failed. */
export function isDatabaseError(error: unknown): boolean {
  return error instanceof DatabaseError;
}
