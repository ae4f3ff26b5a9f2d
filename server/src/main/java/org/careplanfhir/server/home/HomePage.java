package org.careplanfhir.server.home;

import jakarta.servlet.http.HttpServletRequest;

import org.careplanfhir.server.security.PublicAddress;
import org.careplanfhir.server.security.SmartConfiguration;
import org.careplanfhir.server.web.FhirDocumentationPaths;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /}: the page a newcomer lands on, with the addresses an integrator needs. */
@Controller
class HomePage {

	private final PublicAddress address;

	private final ObjectProvider<SmartConfiguration> smart;

	private final ObjectProvider<BuildProperties> build;

	HomePage(PublicAddress address, ObjectProvider<SmartConfiguration> smart, ObjectProvider<BuildProperties> build) {
		this.address = address;
		this.smart = smart;
		this.build = build;
	}

	@GetMapping("/")
	String home(HttpServletRequest request, Model model) {
		BuildProperties built = build.getIfAvailable();
		model.addAttribute("version", built == null ? "development build" : built.getVersion());
		model.addAttribute("fhirBase", address.fhirBase(request));
		SmartConfiguration configuration = smart.getIfAvailable();
		model.addAttribute("smart", configuration == null ? null : configuration.endpoints(request));
		model.addAttribute("apiDocs", FhirDocumentationPaths.API_DOCS);
		model.addAttribute("swaggerUi", FhirDocumentationPaths.SWAGGER_UI);
		return "home";
	}

}
