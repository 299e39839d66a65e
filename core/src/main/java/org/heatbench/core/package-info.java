/**
 * The root of HeatBench: the exception tree every module reports through ({@link
 * org.heatbench.core.HeatBenchException}, {@link org.heatbench.core.ConfigurationException}, {@link
 * org.heatbench.core.InvalidInputException}) and the version recorded in provenance.
 *
 * <p>Depends on: the JDK only.
 */
package org.heatbench.core;
