/** The project's matrix as a GitHub Actions strategy.matrix (pure). */

import type { Project } from '../config/project.js';
import { applySelection, type Selection } from './sync-plan.js';

export interface GithubMatrix {
  include: Array<{ id: string; version: string; variant: string }>;
}

export function githubMatrix(project: Project, selection: Selection = {}): GithubMatrix {
  return {
    include: applySelection(project.matrix, selection, 'the matrix').map((e) => ({ id: e.id, version: e.version, variant: e.variant })),
  };
}
