/**
 * How label and attribute names are compared: when a run's mapping is suggested (annotation-job: a model's labels
 * onto the task's) and when an imported file's labels are matched to the task's (the task service), so a "car" lands
 * on the task's "vehicle" the same way from either.
 *
 * Four tiers, tried in order for each model label; the first tier that finds a task label wins:
 *   1. exact:      "car" = "car"
 *   2. normalised: case, spaces, `_` and `-` are ignored ("Text Line" = "text_line" = "TEXT-LINE")
 *   3. synonym:    true synonyms, both ways ("person" = "human", "motorbike" = "motorcycle")
 *   4. broader:    a specific model label onto a more general task label, one way only
 *                  ("car" → "vehicle", but never "vehicle" → "car": a vehicle box may hold a truck)
 *
 * Deliberately absent: "face" ↔ "head" (a head box also covers hair and the back of the head, so
 * mapping one onto the other would silently mislabel), plural stripping (it invents matches such
 * as "glass" ↔ "glas"), and fuzzy/edit-distance matching (a wrong suggestion costs more than none:
 * users review a suggestion, they do not audit it). Keep the tables small, obvious and tested.
 */

export type MatchTier = "exact" | "normalised" | "synonym" | "broader";
export const MATCH_TIERS: readonly MatchTier[] = ["exact", "normalised", "synonym", "broader"];

/** Lower case, without whitespace, `_` or `-`. */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
}

/** Groups of interchangeable names (already normalised). */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["person", "human", "people", "pedestrian"],
  ["car", "automobile", "auto"],
  ["bicycle", "bike"],
  ["motorcycle", "motorbike"],
  ["airplane", "aeroplane", "plane"],
  ["truck", "lorry"],
  ["tv", "tvmonitor", "television"],
  ["sofa", "couch"],
  ["cellphone", "mobilephone", "phone"],
  ["text", "word", "textline", "textregion"],
  ["face", "humanface"],
  ["licenseplate", "licenceplate", "numberplate"],
];

/** Specific (model) → general (task) names; one way only. */
const BROADER: Readonly<Record<string, readonly string[]>> = {
  car: ["vehicle"],
  truck: ["vehicle"],
  bus: ["vehicle"],
  van: ["vehicle"],
  motorcycle: ["vehicle"],
  bicycle: ["vehicle"],
  train: ["vehicle"],
  cyclist: ["person"],
  rider: ["person"],
  dog: ["animal"],
  cat: ["animal"],
  horse: ["animal"],
  sheep: ["animal"],
  cow: ["animal"],
  bird: ["animal"],
};

const synonymIndex = new Map<string, Set<string>>();
for (const group of SYNONYM_GROUPS) {
  for (const name of group) {
    const set = synonymIndex.get(name) ?? new Set<string>();
    for (const other of group) if (other !== name) set.add(other);
    synonymIndex.set(name, set);
  }
}

/** Expands a normalised name with its synonyms (itself included). */
function withSynonyms(name: string): Set<string> {
  return new Set([name, ...(synonymIndex.get(name) ?? [])]);
}

/** Does `modelName` match `taskName` at this tier? */
export function namesMatch(modelName: string, taskName: string, tier: MatchTier): boolean {
  switch (tier) {
    case "exact":
      return modelName === taskName;
    case "normalised":
      return normaliseName(modelName) === normaliseName(taskName);
    case "synonym": {
      const m = normaliseName(modelName);
      const t = normaliseName(taskName);
      return m !== t && (synonymIndex.get(m)?.has(t) ?? false);
    }
    case "broader": {
      // A model label, or any synonym of it, whose broader term is the task label or a synonym of it.
      const targets = withSynonyms(normaliseName(taskName));
      for (const m of withSynonyms(normaliseName(modelName))) {
        for (const general of BROADER[m] ?? []) if (targets.has(general)) return true;
      }
      return false;
    }
  }
}

/** The first candidate matching `name` at the earliest tier (candidates keep their order within a tier). */
export function bestMatch<T>(
  name: string,
  candidates: readonly T[],
  nameOf: (c: T) => string,
  tiers: readonly MatchTier[] = MATCH_TIERS,
): T | undefined {
  for (const tier of tiers) {
    const found = candidates.find((c) => namesMatch(name, nameOf(c), tier));
    if (found !== undefined) return found;
  }
  return undefined;
}
