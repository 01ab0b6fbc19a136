// Sentence splitting that knows "U.S.", "Mr." and "Gen." are not sentence ends: compromise's tokenizer.
import nlp from "compromise";

export function splitSentences(text: string): string[] {
  return nlp(text)
    .sentences()
    .out("array")
    .map((s: string) => s.trim())
    .filter((s: string) => s.length > 0);
}
