/** JMH benchmarks. */
package org.heatbench.benchmarks;
