/** Japanese (です/ます): the Worker's server-rendered pages. */
import type { PageMessages } from "../messages";

export const jaPages: PageMessages = {
  bookingTitle: "{title}（{host}） · Bookora",
  bookMeeting: "ミーティングを予約する",
  bookingHeading: "{title}（{host}）",
  bookingNoScript: "予約にはJavaScriptが必要です。JavaScriptを有効にして、このページを再読み込みしてください。",
  footer: "予約システム：{link}",
  notFoundTitle: "予約ページが見つかりません · Bookora",
  notFoundHeading: "予約ページが見つかりません",
  notFoundText: "このアドレスに予約ページはありません。受け取ったリンクをご確認いただくか、お相手に新しいリンクをお尋ねください。",
  goToBookora: "Bookoraへ",
  tooManyTitle: "リクエストが多すぎます · Bookora",
  tooManyHeading: "リクエストが多すぎます",
  tooManyText: {
    other: "過去1分間に、お使いのネットワークからBookoraへのリクエストが多すぎました。{count}秒待ってから、このページを再読み込みしてください。",
  },
  badRequestTitle: "不正なリクエスト · Bookora",
  badRequestHeading: "不正なリクエスト",
  badRequestText: "このリクエストはBookoraのネットワークを経由していないため、処理できません。",
  manageTitle: "ご予約 · Bookora",
  manageEyebrow: "ご予約",
  manageHeading: "ご予約の管理",
  manageNoScript: "予約の管理にはJavaScriptが必要です。JavaScriptを有効にして、このページを再読み込みしてください。",
};
