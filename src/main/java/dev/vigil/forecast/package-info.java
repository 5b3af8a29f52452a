/**
 * Consumption forecasts: the next 24 hours of a device's (or a site's) hourly energy, learned with
 * Tribuo regression trees from hour-of-week, yesterday's and last week's load, and an interval
 * calibrated on held-back history. Tribuo types do not leave this package.
 */
package dev.vigil.forecast;
