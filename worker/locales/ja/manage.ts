/** Japanese (です/ます): the manage page's own text. */

import type { enManage } from "../en/manage";
import type { Shape } from "../messages";

export const jaManage: Shape<typeof enManage> = {
  loadingBooking: "ご予約を読み込んでいます…",
  titleWithHost: "{title}（{host}）",
  bookedFor: "予約者",
  nameAndEmail: "{name}（{email}）",
  hasStarted: "この予約はすでに開始時刻を過ぎているため、ここでは変更できません。",
  reschedule: "日時を変更",
  cancelBooking: "予約をキャンセル",
  cancelQuestion: "この予約をキャンセルしますか？",
  cancelExplained: "キャンセルすると、この時間は主催者の空き時間に戻ります。この操作は取り消せません。",
  keepBooking: "予約を残す",
  confirmCancel: "はい、キャンセルします",
  moveQuestion: "ご予約をこの日時に変更しますか？",
  confirmMove: "新しい日時で確定する",
  pickNewTime: "新しい日時を選んでください",
  backToBooking: "ご予約に戻る",
  movedHeading: "この予約の日時は変更されました",
  cancelledHeading: "この予約はキャンセルされました",
  movedText: "{when}（{zone}）の「{title}」は、別の日時に変更されました。",
  cancelledText: "{when}（{zone}）の「{title}」はキャンセルされました。",
  seeNewTime: "変更後のご予約を確認する",
  bookNewTime: "新しい日時を予約する",
  invalidLinkHeading: "このリンクは使用できません",
  invalidLinkText: "予約確認に記載されたリンクを、「#」以降も含めて受け取ったとおりに開いてください。それでも開けない場合は、主催者にお問い合わせください。",
  cancelling: "キャンセルしています…",
  cancelled: "ご予約はキャンセルされました。",
  moving: "ご予約を変更しています…",
  moved: "ご予約を新しい日時に変更しました。",
  alreadyStarted: "この予約はすでに開始時刻を過ぎているため、変更できません。",
  changedMeanwhile: "この予約は、その間に別の操作で変更されていました。現在の内容を表示しています。",
};
