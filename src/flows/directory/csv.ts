/** The CSV reader moved to src/domain/csv.ts (pure, shared by domain/ and the flows); kept here for code written against this path. */
export * from '../../domain/csv.ts';
