/**
 * One message's subject, plain text and HTML (design-notifications.md "Messages"), in the reader's
 * language and zone, from the facts as they are when it is sent.
 */
import { MAIL_TABLES } from "../locales/tables";
import { messageContent } from "./compose-content";
import { messageHtml } from "./compose-html";
import { messageText } from "./compose-text";
import type { ComposedMessage, MessageFacts } from "./message-facts";

export function composeMessage(facts: MessageFacts): ComposedMessage {
  const content = messageContent(facts);
  return {
    // A subject is a header: a line break in it would start another one. Names and titles are one
    // line already (lib/free-text.ts); this holds whatever the facts carry.
    subject: content.subject.replace(/[\r\n]+/g, " "),
    text: messageText(content, MAIL_TABLES[facts.language]),
    html: messageHtml(content, facts.language),
  };
}
