/**
 * A message's plain-text part: the content's sentences and "Label: value" lines as they are. Nothing
 * is turned into a link here; the manage link is written out for the reader's client to offer.
 */
import { fill } from "../locales/format";
import type { MailMessages } from "../locales/messages";
import type { MessageContent } from "./compose-content";

export function messageText(content: MessageContent, t: MailMessages): string {
  // A value over several lines (notes) keeps its lines under its label, indented.
  const rows = content.rows.map(({ label, value }) => fill(t.field, { label, value: value.replace(/\r?\n/g, "\n  ") }));
  const paragraphs = [content.greeting, content.intro, rows.join("\n")];
  if (content.manage) paragraphs.push(`${content.manage.intro}\n${content.manage.url}`);
  if (content.inviteNote) paragraphs.push(content.inviteNote);
  return `${paragraphs.join("\n\n")}\n`;
}
