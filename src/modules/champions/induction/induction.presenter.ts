import type { listInductionItems } from './induction.service.ts';

type InductionList = Awaited<ReturnType<typeof listInductionItems>>;

/** The induction checklist page: the organisation and its active items, in order. */
export function presentInductionList(data: InductionList) {
  return {
    organisation: { id: data.organisation.id, name: data.organisation.name },
    items: data.items.map((item) => ({ id: item.id, label: item.label })),
  };
}
