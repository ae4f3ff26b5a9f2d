/**
 * The HTTP request pipeline: the order in which every filter and HAPI hook of ours meets a request
 * ({@link org.careplanfhir.server.web.RequestPipeline}), and the answers outside the FHIR endpoint's
 * own handling that the servlet container and Spring would otherwise give with their generic error
 * pages. Every module may use it; it uses none.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web pipeline and answers",
		allowedDependencies = {})
package org.careplanfhir.server.web;
