/** English, the reference table: the popup and floating modes' button and dialog (in the dialog's chunk). */
export const enDialog = {
  bookMeeting: "Book a meeting",
  closeDialog: "Close",
};
