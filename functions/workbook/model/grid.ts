/**
 * Excel's grid: 1,048,576 rows by 16,384 columns (A1:XFD1048576), 0-based inside the engine. One
 * place for its size, and for the number that names a cell of one sheet.
 */

export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLUMNS = 16_384;

/** One number for a cell of a sheet (0-based row and column), unique within the grid. */
export const cellNumber = (row: number, col: number): number => row * EXCEL_COLUMNS + col;
