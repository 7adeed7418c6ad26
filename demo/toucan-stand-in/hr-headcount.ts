/**
 * Synthetic HR dataset served by the Toucan AI stand-in: headcount by region, city and
 * department. Made-up numbers, for the demo only.
 *
 * The stand-in applies row-level security on the browser side from the token's
 * `attributes.region` claim: rows of other regions are never rendered.
 */

export type Region = 'EMEA' | 'AMER' | 'APAC';

export interface HeadcountRow {
  readonly region: Region;
  readonly city: string;
  readonly department: string;
  readonly headcount: number;
}

export const DEPARTMENTS = ['Engineering', 'Sales', 'Operations', 'People'] as const;

/** Headcount per city, in the order of {@link DEPARTMENTS}. */
const HEADCOUNT_BY_CITY: Record<Region, Record<string, readonly number[]>> = {
  EMEA: { London: [142, 64, 38, 12], Paris: [88, 41, 27, 9], Berlin: [120, 22, 31, 8], Madrid: [46, 35, 19, 6] },
  AMER: { 'New York': [134, 92, 45, 15], Toronto: [97, 30, 22, 7], 'São Paulo': [58, 47, 36, 9], Austin: [151, 18, 24, 10] },
  APAC: { Singapore: [104, 56, 33, 11], Sydney: [72, 39, 21, 7], Tokyo: [66, 44, 29, 8], Bangalore: [183, 17, 42, 13] },
};

export const HEADCOUNT_ROWS: readonly HeadcountRow[] = Object.entries(HEADCOUNT_BY_CITY).flatMap(([region, cities]) =>
  Object.entries(cities).flatMap(([city, counts]) =>
    DEPARTMENTS.map((department, index) => ({
      region: region as Region,
      city,
      department,
      headcount: counts[index] ?? 0,
    })),
  ),
);

export function isRegion(value: unknown): value is Region {
  return value === 'EMEA' || value === 'AMER' || value === 'APAC';
}

/** Row-level security: the rows a token scoped to `region` may see (none without a region). */
export function rowsForRegion(region: Region | null): HeadcountRow[] {
  return region === null ? [] : HEADCOUNT_ROWS.filter((row) => row.region === region);
}

export function totalHeadcount(rows: readonly HeadcountRow[]): number {
  return rows.reduce((sum, row) => sum + row.headcount, 0);
}

/** Sums `headcount` grouped by `key`, in first-seen order. */
function sumBy(rows: readonly HeadcountRow[], key: 'city' | 'department'): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row[key], (totals.get(row[key]) ?? 0) + row.headcount);
  return [...totals];
}

export function headcountByCity(rows: readonly HeadcountRow[]): Array<[city: string, headcount: number]> {
  return sumBy(rows, 'city');
}

export function headcountByDepartment(rows: readonly HeadcountRow[]): Array<[department: string, headcount: number]> {
  return sumBy(rows, 'department');
}

/** Headcount of one city in one department (0 when the row is not visible). */
export function headcountOf(rows: readonly HeadcountRow[], city: string, department: string): number {
  return rows.find((row) => row.city === city && row.department === department)?.headcount ?? 0;
}
