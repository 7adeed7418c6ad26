/**
 * The Toucan AI **stand-in** assistant's "intelligence": a few fixed questions answered from
 * the region-filtered HR rows. No model, no network.
 */
import { headcountByCity, headcountByDepartment, totalHeadcount, type HeadcountRow } from './hr-headcount.js';

export interface SuggestedQuestion {
  readonly id: 'total' | 'largest-city' | 'by-department';
  readonly text: string;
  /** Lower-case words that select this question when typed. */
  readonly keywords: readonly string[];
}

export const SUGGESTED_QUESTIONS: readonly SuggestedQuestion[] = [
  { id: 'total', text: 'Total headcount?', keywords: ['total', 'how many', 'overall'] },
  { id: 'largest-city', text: 'Largest city?', keywords: ['largest', 'biggest', 'city'] },
  { id: 'by-department', text: 'Headcount by department?', keywords: ['department', 'team', 'split'] },
];

/** Typed questions are matched most specific first ("how many per department" → by department). */
const MATCH_ORDER: readonly SuggestedQuestion['id'][] = ['by-department', 'largest-city', 'total'];

/** Picks the fixed question a free-text question is about, or `null`. */
export function matchQuestion(text: string): SuggestedQuestion | null {
  const lower = text.toLowerCase();
  const matches = SUGGESTED_QUESTIONS.filter((question) => question.keywords.some((word) => lower.includes(word)));
  return matches.sort((a, b) => MATCH_ORDER.indexOf(a.id) - MATCH_ORDER.indexOf(b.id))[0] ?? null;
}

/** Answers `question` from the rows the token may see (`region` only labels the answer). */
export function answerQuestion(question: SuggestedQuestion | null, rows: readonly HeadcountRow[], region: string): string {
  if (rows.length === 0) return 'Your token grants no region, so there is no data I can use.';
  switch (question?.id) {
    case 'total':
      return `${region} has ${totalHeadcount(rows).toLocaleString('en-US')} employees in total.`;
    case 'largest-city': {
      const [city, headcount] = [...headcountByCity(rows)].sort((a, b) => b[1] - a[1])[0] ?? ['—', 0];
      return `${city} is the largest ${region} city, with ${headcount} employees.`;
    }
    case 'by-department':
      return `${region} by department: ${headcountByDepartment(rows)
        .map(([department, headcount]) => `${department} ${headcount}`)
        .join(', ')}.`;
    default:
      return 'I am a stand-in assistant: I can answer "Total headcount?", "Largest city?" and "Headcount by department?".';
  }
}
