/** For the timing scripts beside it: each part run `runs` times, its median and every time printed. */
export async function timeParts(parts: [string, () => Promise<unknown>][], runs: number, opts: { warm?: boolean } = {}) {
  for (const [name, f] of parts) {
    if (opts.warm !== false) await f();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await f();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    console.log(`${name.padEnd(24)} median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms (${ms.map((x) => x.toFixed(0)).join(", ")})`);
  }
}
