export * from './categories.ts';
export * from './priority.ts';
export * from './settings.ts';
export * from './status.ts';
export * from './ticket.ts';
