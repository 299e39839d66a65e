/**
 * Realism of a synthetic store measured against real median beats: features measurable on any median (intervals,
 * per-lead amplitudes, electrical axis, QRS-onset position, activity before P and after T), distances between
 * their distributions, and each real record's nearest synthetic neighbours ({@code heatbench dataset compare}).
 */
package org.heatbench.datasets.realism;
