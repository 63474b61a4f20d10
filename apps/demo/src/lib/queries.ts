/** Appwrite's JSON queries, as the list procedures take them in `queries`. */
export const Query = {
  limit: (value: number) => JSON.stringify({ method: 'limit', values: [value] }),
  cursorAfter: (id: string) => JSON.stringify({ method: 'cursorAfter', values: [id] }),
  cursorBefore: (id: string) => JSON.stringify({ method: 'cursorBefore', values: [id] }),
  equal: (attribute: string, value: string | boolean) =>
    JSON.stringify({ method: 'equal', attribute, values: [value] }),
};
