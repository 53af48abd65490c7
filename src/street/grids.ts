import type { Catalogue } from '../catalogue/categories.js';
import { ValidationError } from '../errors.js';
import type { IntakeInput } from '../events/intake-schema.js';
import { communities, grids, subCentreOf, type OrgChart, type Unit } from '../identity/org-chart.js';

/**
 * Ties a reported event to its community and grid (S4-4.5, S2-A3 "one grid for all"): the
 * `community` and `grid` a channel sends must be in the org chart (by id or by Chinese name; stored
 * as the unit id), a grid must lie in the community named with it, and the street follows from
 * them. A report without a grid is tied to the grid whose `addresses` its address contains (the
 * longest matching fragment wins; a tie between two grids ties it to none). Unknown → 400 naming
 * the field.
 */
function byIdOrName(units: Unit[], value: string): Unit | undefined {
  return units.find((u) => u.id === value) ?? units.find((u) => u.name === value);
}

/** The grid an address lies in, by the grids' address fragments; undefined when none or ambiguous. */
export function gridOfAddress(chart: OrgChart, address: string, withinCommunity?: string): Unit | undefined {
  let best: { grid: Unit; length: number } | undefined;
  let tie = false;
  for (const grid of grids(chart)) {
    if (withinCommunity && grid.parent !== withinCommunity) continue;
    const length = Math.max(0, ...grid.addresses.filter((a) => address.includes(a)).map((a) => a.length));
    if (length === 0) continue;
    if (!best || length > best.length) {
      best = { grid, length };
      tie = false;
    } else if (length === best.length) tie = true;
  }
  return tie ? undefined : best?.grid;
}

/** The street (name, as in config/categories.yaml `streets`) a community or grid belongs to. */
export function streetOf(chart: OrgChart, catalogue: Catalogue, unit: Unit): string | undefined {
  const subCentre = subCentreOf(chart, unit);
  return subCentre ? catalogue.streets.find((s) => s.subCentre === subCentre.id)?.name : undefined;
}

export function tieToGrid(chart: OrgChart, catalogue: Catalogue, input: IntakeInput): IntakeInput {
  const location = input.location;
  let community: Unit | undefined;
  if (location.community !== undefined) {
    community = byIdOrName(communities(chart), location.community);
    if (!community) {
      throw new ValidationError([
        { field: 'location.community', message: `未知的社区：${location.community}（可选：${communities(chart).map((c) => c.name).join('、')}）` },
      ]);
    }
  }
  let grid: Unit | undefined;
  if (location.grid !== undefined) {
    grid = byIdOrName(grids(chart), location.grid);
    if (!grid) throw new ValidationError([{ field: 'location.grid', message: `未知的网格：${location.grid}` }]);
    if (community && grid.parent !== community.id) {
      throw new ValidationError([{ field: 'location.grid', message: `${grid.name}不属于${community.name}` }]);
    }
  } else {
    grid = gridOfAddress(chart, location.address, community?.id);
    // A guess from the address never contradicts the street the channel named.
    if (grid && location.street !== undefined && streetOf(chart, catalogue, grid) !== location.street) grid = undefined;
  }
  if (grid && !community) community = chart.units.find((u) => u.id === grid.parent);
  const tied = grid ?? community;
  const street = tied ? streetOf(chart, catalogue, tied) : undefined;
  if (location.street !== undefined && street !== undefined && location.street !== street) {
    const field = location.grid !== undefined ? 'location.grid' : location.community !== undefined ? 'location.community' : 'location.street';
    throw new ValidationError([{ field, message: `${tied!.name}属于${street}，与上报的街道“${location.street}”不符` }]);
  }
  return {
    ...input,
    location: { ...location, street: location.street ?? street, community: community?.id, grid: grid?.id },
  };
}
