import { PostbackRegistry, type PostbackAction } from '../line/postback.ts';
import type { Person } from '../domain/people.ts';
import type { AnyFlow, FlowInput } from './flow.ts';

/** The flows of the service, by name, with the registry of every button they handle. */
export class FlowCatalog {
  readonly registry: PostbackRegistry;
  private readonly flows: readonly AnyFlow[];
  private readonly byName = new Map<string, AnyFlow>();

  /** `flows` in priority order: the first whose `startsOn` accepts an input starts; put catch-alls last. */
  constructor(flows: readonly AnyFlow[]) {
    this.flows = flows;
    this.registry = new PostbackRegistry();
    for (const flow of flows) {
      if (this.byName.has(flow.name)) throw new Error(`flow "${flow.name}" is listed twice`);
      this.byName.set(flow.name, flow);
      for (const action of flow.actions) {
        if (action.flow !== flow.name) throw new Error(`action "${action.name}" belongs to "${action.flow}", not "${flow.name}"`);
        this.registry.add(action);
      }
    }
  }

  get(name: string): AnyFlow | undefined {
    return this.byName.get(name);
  }

  flowOf(action: PostbackAction): AnyFlow | undefined {
    return this.byName.get(action.flow);
  }

  starting(input: FlowInput, person: Person | null = null): AnyFlow | undefined {
    return this.flows.find((flow) => flow.startsOn(input, person));
  }
}
