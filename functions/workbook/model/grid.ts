/**
 * Excel's grid: 1,048,576 rows by 16,384 columns (A1:XFD1048576), the same in every version since
 * Excel 2007. A cell or a reference past it is no cell of a worksheet. Inside the engine rows and
 * columns count from 0.
 */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** One number for a cell of a sheet (0-based row and column), unique within the grid. */
export const cellNumber = (row: number, col: number): number => row * MAX_COLS + col;
