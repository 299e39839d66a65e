/**
 * JMH benchmarks.
 *
 * <p>Depends on: {@code methods}, {@code perturbation}, {@code training} (its StevenNet builder), JMH; nothing
 * depends on it.
 */
package org.heatbench.benchmarks;
