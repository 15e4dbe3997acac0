import type { ReactNode } from "react";
import { TONE_ICON, toneWord, type Tone } from "./tone";
import type { PromiseStatus } from "./types";
import "./promises.css";

/** The state of a promise in a word, with a shape and a colour (the word alone carries it). */
export function ToneBadge({ tone, status = "open" }: { tone: Tone; status?: PromiseStatus }): ReactNode {
  return (
    <span className={`tone tone-${tone}`}>
      <span className="tone-icon" aria-hidden="true">
        {TONE_ICON[tone]}
      </span>
      {toneWord(tone, status)}
    </span>
  );
}
