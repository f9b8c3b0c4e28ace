import { CHECK_LEVEL_LABELS } from '../shared/champions.schemas.ts';
import type { CheckLevel } from '../champions.tables.ts';

/** The role templates page: each role's check in words, references, training and whether it checks the directory. */
export function presentRoleTemplates(data: {
  organisation: { id: string; name: string };
  templates: {
    id: string;
    name: string;
    check_level: CheckLevel;
    references_required: number;
    training: string[];
    grants_directory_research: boolean;
  }[];
}) {
  return {
    organisation: { id: data.organisation.id, name: data.organisation.name },
    templates: data.templates.map((template) => ({
      id: template.id,
      name: template.name,
      check: CHECK_LEVEL_LABELS[template.check_level],
      referencesRequired: template.references_required,
      training: template.training,
      checksDirectory: template.grants_directory_research,
    })),
  };
}
