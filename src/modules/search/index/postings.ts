import { FIELD_SEPARATOR, MAX_POSITIONS_PER_TERM, nextPosition, positionAfterField } from '../tsvector';

/** Weighted term frequency: a title word counts more than a description word. */
export const FIELD_WEIGHT: Record<string, number> = { A: 3, B: 2, C: 1, D: 0.5 };

/** The postings of a segment: plain data (typed arrays and strings), so a worker can build it. */
export interface Postings {
  /** Terms in id order. */
  terms: string[];
  termStart: Uint32Array;
  postDoc: Uint32Array;
  postTf: Uint8Array;
  postPosCount: Uint16Array;
  postPosCheckpoint: Uint32Array;
  positions: Uint16Array;
  docLength: Uint16Array;
  totalLength: number;
}

function grow<T extends Int32Array | Uint32Array | Uint16Array | Float32Array>(a: T, fill?: number): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  if (fill !== undefined) b.fill(fill);
  b.set(a);
  return b;
}

/** Builds postings from the stored term sequences of documents 0…n-1 (in that order). */
export function buildPostings(sequences: string[]): Postings {
  const n = sequences.length;
  // Pass 1: read each document's term sequence once, positioned by the rule both search paths share
  // (nextPosition, positionAfterField). Every occurrence is looked up once in the segment's term
  // map — label fields (weight D), which repeat across entries, once per distinct field — and
  // grouping by term within a document uses integer ids in reused buffers.
  const terms = new Map<string, number>();
  let df = new Uint32Array(1024);
  let termPositions = new Uint32Array(1024);
  let lastDoc = new Int32Array(1024).fill(-1);
  let slotOf = new Int32Array(1024);
  let termCount = 0;
  const termId = (term: string): number => {
    let t = terms.get(term);
    if (t === undefined) {
      t = termCount++;
      terms.set(term, t);
      if (t >= df.length) {
        df = grow(df);
        termPositions = grow(termPositions);
        lastDoc = grow(lastDoc, -1);
        slotOf = grow(slotOf);
      }
    }
    return t;
  };
  const labelFields = new Map<string, Int32Array>();
  let occTerm = new Int32Array(4096);
  let occPos = new Uint16Array(4096);
  let occWeight = new Float32Array(4096);
  let occCount = 0;
  const pushOcc = (t: number, position: number, weight: number) => {
    if (occCount >= occTerm.length) {
      occTerm = grow(occTerm);
      occPos = grow(occPos);
      occWeight = grow(occWeight);
    }
    occTerm[occCount] = t;
    occPos[occCount] = position;
    occWeight[occCount] = weight;
    occCount++;
  };
  // All documents' grouped terms, back to back: doc d owns flat slots docSlot[d]…docSlot[d+1].
  const docSlot = new Uint32Array(n + 1);
  let flatTerm = new Int32Array(1 << 16);
  let flatTf = new Float32Array(1 << 16);
  let flatPosStart = new Uint32Array((1 << 16) + 1);
  let flatPositions = new Uint16Array(1 << 18);
  let flatCount = 0;
  let flatPosCount = 0;
  const labelWeight = FIELD_WEIGHT.D!;
  for (let d = 0; d < n; d++) {
    occCount = 0;
    const sequence = sequences[d]!;
    let position = 0;
    if (sequence) {
      for (const field of sequence.split(FIELD_SEPARATOR)) {
        const weightLetter = field[0]!;
        const weight = FIELD_WEIGHT[weightLetter] ?? 0.5;
        const body = field.slice(2);
        let ids: ArrayLike<number> | undefined = weightLetter === 'D' ? labelFields.get(body) : undefined;
        if (!ids) {
          const list: number[] = [];
          for (const term of body.split(' ')) if (term.length > 0) list.push(termId(term));
          ids = list;
          if (weightLetter === 'D') labelFields.set(body, Int32Array.from(list));
        }
        for (let i = 0; i < ids.length; i++) {
          position = nextPosition(position);
          pushOcc(ids[i]!, position, weight);
        }
        position = positionAfterField(position);
      }
    }
    // Distinct terms of the document, in first-occurrence order, with their position counts.
    const firstSlot = flatCount;
    for (let o = 0; o < occCount; o++) {
      const t = occTerm[o]!;
      if (lastDoc[t] !== d) {
        lastDoc[t] = d;
        if (flatCount >= flatTerm.length) {
          flatTerm = grow(flatTerm);
          flatTf = grow(flatTf);
          flatPosStart = grow(flatPosStart);
        }
        slotOf[t] = flatCount;
        flatTerm[flatCount] = t;
        flatTf[flatCount] = 0;
        flatPosStart[flatCount + 1] = 0;
        flatCount++;
      }
      const slot = slotOf[t]!;
      if (flatPosStart[slot + 1]! < MAX_POSITIONS_PER_TERM) flatPosStart[slot + 1]! += 1;
    }
    // Counts → offsets, then place positions and weights (a label counts once per term).
    flatPosStart[firstSlot] = flatPosCount;
    for (let i = firstSlot; i < flatCount; i++) flatPosStart[i + 1] = flatPosStart[i]! + flatPosStart[i + 1]!;
    flatPosCount = flatPosStart[flatCount]!;
    while (flatPositions.length < flatPosCount) flatPositions = grow(flatPositions);
    const cursor = flatPosStart.slice(firstSlot, flatCount);
    const labelCounted = new Uint8Array(flatCount - firstSlot);
    for (let o = 0; o < occCount; o++) {
      const slot = slotOf[occTerm[o]!]!;
      const local = slot - firstSlot;
      if (cursor[local]! < flatPosStart[slot + 1]!) {
        flatPositions[cursor[local]!++] = occPos[o]!;
        const w = occWeight[o]!;
        if (w === labelWeight) {
          if (labelCounted[local]) continue;
          labelCounted[local] = 1;
        }
        flatTf[slot]! += w;
      }
    }
    for (let i = firstSlot; i < flatCount; i++) {
      df[flatTerm[i]!]! += 1;
      termPositions[flatTerm[i]!]! += flatPosStart[i + 1]! - flatPosStart[i]!;
    }
    docSlot[d + 1] = flatCount;
  }
  const termStart = new Uint32Array(termCount + 1);
  const termPosStart = new Uint32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) {
    termStart[t + 1] = termStart[t]! + df[t]!;
    termPosStart[t + 1] = termPosStart[t]! + termPositions[t]!;
  }
  const postings = termStart[termCount]!;
  const postDoc = new Uint32Array(postings);
  const postTf = new Uint8Array(postings);
  const postPosCount = new Uint16Array(postings);
  const postPosCheckpoint = new Uint32Array((postings >>> 5) + 1);
  const positions = new Uint16Array(termPosStart[termCount]!);

  // Pass 2: fill postings in document order, so each term's doc list is sorted; a term's
  // positions follow its postings in the same order (see Segment.positionsOf).
  const fill = termStart.slice(0, termCount);
  const posFill = termPosStart.slice(0, termCount);
  const docLength = new Uint16Array(n);
  let totalLength = 0;
  for (let d = 0; d < n; d++) {
    let length = 0;
    for (let i = docSlot[d]!; i < docSlot[d + 1]!; i++) {
      const t = flatTerm[i]!;
      const p = fill[t]!++;
      postDoc[p] = d;
      postTf[p] = Math.min(255, Math.round(flatTf[i]! * 2));
      if ((p & 31) === 0) postPosCheckpoint[p >>> 5] = posFill[t]!;
      const from = flatPosStart[i]!;
      const to = flatPosStart[i + 1]!;
      postPosCount[p] = to - from;
      length += to - from;
      for (let k = from; k < to; k++) positions[posFill[t]!++] = flatPositions[k]!;
    }
    docLength[d] = Math.min(length, 65535);
    totalLength += length;
  }
  const termList = new Array<string>(termCount);
  for (const [term, t] of terms) termList[t] = term;
  return { terms: termList, termStart, postDoc, postTf, postPosCount, postPosCheckpoint, positions, docLength, totalLength };
}
