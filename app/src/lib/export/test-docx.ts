import { strFromU8, unzipSync } from 'fflate';

/** For tests: the XML parts of a Word file whose names match `part`, joined. */
export async function docxXml(blob: Blob, part: RegExp): Promise<string> {
  const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
  return Object.entries(files)
    .filter(([name]) => part.test(name))
    .map(([, data]) => strFromU8(data))
    .join('\n');
}
