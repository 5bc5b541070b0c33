"""The advisories behind the red flags; findings cite them by URL."""

# Joint State/Treasury/FBI guidance on DPRK IT workers, 16 May 2022.
GUIDANCE_2022 = "https://ofac.treasury.gov/media/923126/download?inline"
# FBI PSA "Additional Guidance on the DPRK IT Workers", 18 Oct 2023.
FBI_PSA_2023 = "https://www.ic3.gov/PSA/2023/PSA231018"
# FBI PSA on DPRK IT workers' laptop farms and facilitators, 16 May 2024.
FBI_PSA_2024 = "https://www.ic3.gov/PSA/2024/PSA240516"
# FBI PSA "North Korean IT Workers Conducting Data Extortion", 23 Jan 2025.
FBI_PSA_2025 = "https://www.ic3.gov/PSA/2025/PSA250123"
# DOJ: laptop-farm facilitator charges (Chapman et al.), 16 May 2024.
DOJ_LAPTOP_FARM_2024 = "https://www.justice.gov/opa/pr/charges-and-seizures-brought-fraud-scheme-aimed-denying-revenue-workers-associated-north-korea"
# OFAC sanctions programmes and country information.
OFAC_SANCTIONS = "https://ofac.treasury.gov/sanctions-programs-and-country-information"
# Treasury designates Yanbian Silverstar (China Silver Star), its CEO and Volasys Silver Star, 13 Sep 2018.
OFAC_SILVERSTAR_2018 = "https://home.treasury.gov/news/press-releases/sm481"
# DOJ seizes 17 look-alike domains of US IT firms used by DPRK IT workers, 18 Oct 2023.
DOJ_DOMAINS_2023 = "https://www.justice.gov/opa/pr/justice-department-announces-court-authorized-action-disrupt-illicit-revenue-generation-efforts"

# What a reader sees in place of the bare address.
TITLES: dict[str, str] = {
    GUIDANCE_2022: "State/Treasury/FBI guidance on DPRK IT workers (16 May 2022)",
    FBI_PSA_2023: "FBI PSA: additional guidance on DPRK IT workers (18 Oct 2023)",
    FBI_PSA_2024: "FBI PSA: DPRK IT workers, laptop farms and facilitators (16 May 2024)",
    FBI_PSA_2025: "FBI PSA: North Korean IT workers conducting data extortion (23 Jan 2025)",
    DOJ_LAPTOP_FARM_2024: "DOJ: charges against a US laptop-farm facilitator (16 May 2024)",
    OFAC_SANCTIONS: "OFAC sanctions programs and country information",
    OFAC_SILVERSTAR_2018: "Treasury designates DPRK-run IT companies in China and Russia (13 Sep 2018)",
    DOJ_DOMAINS_2023: "DOJ seizes 17 look-alike domains used by DPRK IT workers (18 Oct 2023)",
}
