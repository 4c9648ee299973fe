import type { SheetSpec } from './sheets.ts';

/**
 * Writes a sheet to an .xlsx file and hands it to the browser as a download. The writer
 * (write-excel-file, with fflate for the zip) is imported here on demand, so it is not part of
 * the study screens' JavaScript; the service worker precaches its chunk, so export works offline.
 */
export async function downloadXlsx(spec: SheetSpec, fileName: string): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const data = spec.rows.map((row) =>
    row.cells.map((value) =>
      value === null
        ? null
        : {
            value,
            type: typeof value === 'number' ? Number : String,
            ...(row.bold ? { fontWeight: 'bold' as const } : {}),
          },
    ),
  );
  await writeXlsxFile(
    data,
    { sheet: spec.name, columns: spec.widths.map((width) => ({ width })) },
    { fontFamily: 'SimSun', fontSize: 11 },
  ).toFile(fileName);
}
