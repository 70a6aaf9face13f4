/** A zone's city when no table names it: its id's last segment, underscores as spaces (America/New_York → New York). */
export function cityFromZoneId(zone: string): string {
  return zone.slice(zone.lastIndexOf("/") + 1).replace(/_/g, " ");
}
