// Where and on what a benchmark ran: machine, load, git commit (for the result files).
import { execFileSync } from 'node:child_process';
import { arch, cpus, loadavg, platform, release, totalmem, type as osType } from 'node:os';
import type { GitInfo, LoadAverage, MachineInfo } from '../types.js';
import { round } from './stats.js';

export function machineInfo(): MachineInfo {
  const cpuList = cpus();
  return {
    os: `${osType()} ${release()} (${arch()})`,
    platform: platform(),
    release: release(),
    arch: arch(),
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    totalMemoryBytes: totalmem(),
    nodeVersion: process.version,
  };
}

export function loadAverage(): LoadAverage {
  const [oneMin = 0, fiveMin = 0, fifteenMin = 0] = loadavg();
  return {
    oneMin: round(oneMin, 2) ?? 0,
    fiveMin: round(fiveMin, 2) ?? 0,
    fifteenMin: round(fifteenMin, 2) ?? 0,
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null; // not a checkout, or git missing: the result says so with null
  }
}

export function gitInfo(): GitInfo {
  const commit = git(['rev-parse', '--short', 'HEAD'])?.trim() || null;
  const status = git(['status', '--porcelain', '--untracked-files=no', '--', 'src']);
  return { commit, srcDirty: status === null ? null : status.trim() !== '' };
}
