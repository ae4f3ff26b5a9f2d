/**
 * Read cache: answers a repeated read or search from memory while nothing has been written since
 * the answer was computed, for the same caller.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Read cache",
		allowedDependencies = { "web", "cluster" })
package org.careplanfhir.server.readcache;
