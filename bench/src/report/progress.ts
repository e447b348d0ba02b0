import cliProgress from 'cli-progress';

/** A progress bar on a terminal; one line per phase otherwise (CI logs, the smoke spec). */
export function phaseProgress(label: string) {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: `${label.padEnd(22)} {bar} {percentage}% | {value}/{total} | {duration_formatted}`, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  return {
    start(total: number) {
      if (bar) bar.start(Math.max(total, 1), 0);
      else console.error(`${label} …`);
    },
    update: (value: number) => bar?.update(value),
    stop: () => bar?.stop(),
  };
}
