import type { publicPractice } from './recruitment.service.ts';

type PublicPractice = Awaited<ReturnType<typeof publicPractice>>;

/** The practice a public recruitment page is about: its name and the ODS code its form posts to. */
export function presentPractice(practice: PublicPractice): { name: string; odsCode: string } {
  return { name: practice.name, odsCode: practice.ods_code };
}
