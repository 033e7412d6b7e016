import type { AnyFlow } from '../bot/flow.ts';
import { greetingFlow } from './greeting/flow.ts';

/** Every flow of the service, in priority order: the catch-all greeting goes last. */
export const allFlows: readonly AnyFlow[] = [greetingFlow];
