/** The project's matrix as a GitHub Actions strategy.matrix (pure). */

import type { ProjectConfig } from '../config/project.js';
import { applySelection, type Selection } from './sync-plan.js';

export interface GithubMatrix {
  include: Array<{ id: string; version: string; variant: string }>;
}

export function githubMatrix(projectConfig: ProjectConfig, selection: Selection = {}): GithubMatrix {
  return {
    include: applySelection(projectConfig.matrix, selection, 'the matrix').map((e) => ({ id: e.id, version: e.version, variant: e.variant })),
  };
}
