/** Roles are typed as one comma- or space-separated line; duplicates and blanks are dropped. */
export function parseRoles(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

export function formatRoles(roles: readonly string[]): string {
  return roles.join(', ');
}
