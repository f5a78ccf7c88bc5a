/**
 * The conformance harness (spec/harness.md): a small HTTP + JSON control API, on loopback only and
 * behind a bearer token, through which the conformance runner drives what the wire cannot. For
 * conformance testing only; never enable it in production.
 */
package org.web4.harness;
