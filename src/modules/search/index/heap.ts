/** Keeps the k best (largest key; ties: larger id) of a stream, in typed arrays. */
export class TopK {
  private keys: Float64Array;
  private ids: Float64Array;
  private refs: Int32Array;
  private n = 0;

  constructor(private readonly k: number) {
    this.keys = new Float64Array(k);
    this.ids = new Float64Array(k);
    this.refs = new Int32Array(k);
  }

  private less(i: number, j: number): boolean {
    const a = this.keys[i]!;
    const b = this.keys[j]!;
    return a < b || (a === b && this.ids[i]! < this.ids[j]!);
  }

  private swap(i: number, j: number): void {
    const k = this.keys[i]!;
    this.keys[i] = this.keys[j]!;
    this.keys[j] = k;
    const id = this.ids[i]!;
    this.ids[i] = this.ids[j]!;
    this.ids[j] = id;
    const r = this.refs[i]!;
    this.refs[i] = this.refs[j]!;
    this.refs[j] = r;
  }

  /** The key an item must beat to enter (−Infinity while there is room). */
  threshold(): number {
    return this.n < this.k ? -Infinity : this.keys[0]!;
  }

  push(key: number, id: number, ref: number): void {
    if (this.k === 0) return;
    if (this.n < this.k) {
      let i = this.n++;
      this.keys[i] = key;
      this.ids[i] = id;
      this.refs[i] = ref;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.less(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    // Replace the root (the worst kept) when the new item beats it.
    if (key < this.keys[0]! || (key === this.keys[0]! && id <= this.ids[0]!)) return;
    this.keys[0] = key;
    this.ids[0] = id;
    this.refs[0] = ref;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.n && this.less(l, m)) m = l;
      if (r < this.n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  /** The kept items, best first. */
  sorted(): Array<{ key: number; id: number; ref: number }> {
    const out = [];
    for (let i = 0; i < this.n; i++) out.push({ key: this.keys[i]!, id: this.ids[i]!, ref: this.refs[i]! });
    return out.sort((a, b) => b.key - a.key || b.id - a.id);
  }
}
