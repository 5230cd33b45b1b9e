/**
 * Excel's two date systems. In the 1900 system (the default) day 1 is 1 January 1900 and 60 is the
 * 29 February 1900 Excel keeps from Lotus 1-2-3; a workbook saved with `<workbookPr date1904="1"/>`
 * counts from 1 January 1904 as day 0. The same date is 1,462 days less in the 1904 system.
 */
export const DAYS_1904 = 1462;
