import { parentPort } from 'node:worker_threads';
import { buildPostings } from './postings';

// Builds a segment's postings off the main thread, which meanwhile reads the next page of entries.
// Term sequences arrive joined by U+0002 (never inside a sequence: terms are letters, digits and
// marks); the typed arrays go back transferred, not copied.
parentPort?.on('message', (message: { id: number; joined: string }) => {
  const postings = buildPostings(message.joined === '' ? [] : message.joined.split('\u0002'));
  parentPort?.postMessage({ id: message.id, postings }, [
    postings.termStart.buffer,
    postings.postDoc.buffer,
    postings.postTf.buffer,
    postings.postPosCount.buffer,
    postings.postPosCheckpoint.buffer,
    postings.positions.buffer,
    postings.docLength.buffer,
  ] as ArrayBuffer[]);
});
