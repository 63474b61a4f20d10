/**
 * The stored `search` text of a user, which the `search` parameter of `users.list` matches: id,
 * email, phone and name, space-joined (Appwrite's order). Keep it in step whenever one changes.
 */
export function userSearchText(user: {
  _id: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  name?: string | null | undefined;
}): string {
  return [user._id, user.email, user.phone, user.name].filter(Boolean).join(' ');
}
