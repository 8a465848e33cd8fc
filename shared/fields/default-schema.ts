// The extraction form Margin starts with: what a systematic review of CAR-T cell therapy in
// autoimmune disease extracts from every article, with guidance on reading each item.
import type { ExtractionSchema } from './types';

export const DEFAULT_SCHEMA: ExtractionSchema = {
  id: 'car-t-autoimmune',
  // Version 3 adds the per-patient section and its timeline (issue 10): every field of version 2
  // keeps its key, so values stored under version 2 stay where they were.
  version: 3,
  title: 'CAR-T cell therapy in autoimmune disease',
  description:
    'Study design, population, CAR-T product and dosing, efficacy and safety outcomes of CAR-T cell therapy in autoimmune disease. ' +
    'Tag the sentence that states each value. For a case series, tag what is said of each patient under Per patient, choosing the patient; put a time point or arm a value belongs to in its qualifier.',
  sections: [
    {
      key: 'study',
      label: 'Study',
      fields: [
        {
          key: 'study_design',
          label: 'Design',
          type: 'single-choice',
          guidance:
            'The design as the authors describe it. One patient is a case report; two or more reported patient by patient without a protocol is a case series. ' +
            'A trial registered with a phase is that phase; news items and commentaries take the design of the study they report, not their own article type.',
          required: true,
          multiple: false,
          options: [
            { value: 'case-report', label: 'Case report' },
            { value: 'case-series', label: 'Case series' },
            { value: 'phase-1', label: 'Phase 1 trial' },
            { value: 'phase-1-2', label: 'Phase 1/2 trial' },
            { value: 'phase-2', label: 'Phase 2 trial' },
            { value: 'observational', label: 'Observational study' },
            { value: 'other', label: 'Other' },
          ],
        },
        {
          key: 'trial_phase',
          label: 'Trial phase',
          type: 'single-choice',
          guidance:
            'The phase of a registered trial. Sub-phases count as their phase (Phase 2a is Phase 2, Phase 1b is Phase 1). ' +
            'Choose "Not a trial" for case reports, compassionate use and observational studies.',
          required: false,
          multiple: false,
          options: [
            { value: 'phase-1', label: 'Phase 1' },
            { value: 'phase-1-2', label: 'Phase 1/2' },
            { value: 'phase-2', label: 'Phase 2' },
            { value: 'phase-3', label: 'Phase 3' },
            { value: 'not-a-trial', label: 'Not a trial' },
          ],
        },
        {
          key: 'registration_id',
          label: 'Registration id',
          type: 'text',
          guidance:
            'The trial registry number exactly as written, e.g. NCT04146051, EudraCT 2021-000123-45 or ChiCTR2000032350. ' +
            'Leave empty for unregistered case reports and compassionate use; do not confuse with a DOI or a grant number.',
          required: false,
          multiple: false,
        },
        {
          key: 'setting',
          label: 'Setting / centre',
          type: 'text',
          guidance:
            'Where patients were treated: centre(s), city and country, and whether inpatient or outpatient (e.g. "Hospital Universitario La Paz, Madrid; compassionate use"). ' +
            'For multicentre trials give the number of centres and countries.',
          required: false,
          multiple: false,
        },
      ],
    },
    {
      key: 'population',
      label: 'Population',
      fields: [
        {
          key: 'condition',
          label: 'Condition',
          type: 'text',
          guidance:
            'The autoimmune disease treated, with its subtype and key organ involvement as stated (e.g. "juvenile dermatomyositis", "MDA5+ dermatomyositis with rapidly progressive ILD", "SLE with class III/IV lupus nephritis"). ' +
            'Tag each disease separately when a study treats several, with its number of patients in the qualifier.',
          required: true,
          multiple: true,
        },
        {
          key: 'patients_n',
          label: 'Number of patients',
          type: 'count',
          guidance:
            'Patients who received CAR-T cells. Count patients, not samples, infusions or screened participants; ' +
            'for a subgroup (e.g. "seven participants who received six weekly infusions") tag it and name the subgroup in the qualifier.',
          required: true,
          multiple: false,
        },
        {
          key: 'age',
          label: 'Age',
          type: 'summary-statistic',
          guidance:
            'Age at infusion in years, as reported: a cohort\'s median or mean with its IQR, range or SD ("median 46 years (IQR 38–55)", "mean (SD) 45.2 (11.3)"), ' +
            'a range alone ("ages ranged from 20–60 years"), or one patient\'s age ("12-year-old"). Convert months to years only for infants when the text gives months.',
          required: false,
          multiple: false,
          units: ['years', 'months'],
        },
        {
          key: 'sex',
          label: 'Sex',
          type: 'text',
          guidance: 'Sex as reported, with counts for a cohort (e.g. "male", "6 men, 9 women"). Write "not reported" only if the article gives none.',
          required: false,
          multiple: false,
        },
        {
          key: 'prior_treatments',
          label: 'Prior treatments / refractoriness',
          type: 'text',
          guidance:
            'Treatments that failed before CAR-T, one tag per drug or line (e.g. "rituximab", "median 5 prior immunosuppressants, range 2–14"), ' +
            'and how refractoriness was defined. Note if immunosuppression was stopped before infusion.',
          required: false,
          multiple: true,
        },
      ],
    },
    {
      key: 'intervention',
      label: 'Intervention',
      fields: [
        {
          key: 'product_name',
          label: 'Product',
          type: 'text',
          guidance:
            'The product name or code as written (e.g. "Descartes-08", "ARI-0001", "MB-CART19.1"). If the article names none, describe it ("academic second-generation CD19 CAR, Prodigy device").',
          required: false,
          multiple: false,
        },
        {
          key: 'target_antigen',
          label: 'Target antigen',
          type: 'single-choice',
          guidance:
            'The antigen the CAR binds: "anti-CD19" and "CD19-targeting" are CD19; "B-cell maturation antigen" is BCMA. Dual-target or other antigens (CD20, CD7) are Other; name them in the qualifier.',
          required: true,
          multiple: false,
          options: [
            { value: 'cd19', label: 'CD19' },
            { value: 'bcma', label: 'BCMA' },
            { value: 'other', label: 'Other' },
          ],
        },
        {
          key: 'engineering',
          label: 'Engineering',
          type: 'single-choice',
          guidance:
            'How the CAR gene was delivered: lentiviral or (gamma)retroviral vectors integrate; mRNA-engineered ("rCAR-T", "does not use integrating vectors") cells express the CAR transiently. ' +
            'Other covers transposons and gene editing.',
          required: false,
          multiple: false,
          options: [
            { value: 'lentiviral', label: 'Lentiviral' },
            { value: 'retroviral', label: 'Retroviral' },
            { value: 'mrna', label: 'mRNA' },
            { value: 'other', label: 'Other' },
          ],
        },
        {
          key: 'cell_source',
          label: 'Cell source',
          type: 'single-choice',
          guidance: "Autologous (the patient's own T cells) or allogeneic (donor-derived, off-the-shelf).",
          required: false,
          multiple: false,
          options: [
            { value: 'autologous', label: 'Autologous' },
            { value: 'allogeneic', label: 'Allogeneic' },
          ],
        },
        {
          key: 'dose',
          label: 'Dose',
          type: 'dose',
          guidance:
            'The CAR-T dose per infusion with its unit and basis: per kg ("1 × 10⁶ CAR T cells/kg", MEDLINE\'s "1 x 10(6) CAR T cells per kg", "52.5 × 10⁶ CAR+ cells/kg"), per m² or flat ("1 × 10⁸ cells"). ' +
            'Scraped pages flatten superscripts: "1 × 106" means 1 × 10⁶, so confirm the exponent against the PDF. Keep CAR+ cells/kg apart from total cells/kg. ' +
            'Tag lymphodepletion doses under Lymphodepletion, not here.',
          required: true,
          multiple: false,
          units: ['cells/kg', 'CAR+ cells/kg', 'cells', 'mg/m²'],
        },
        {
          key: 'dosing_schedule',
          label: 'Dosing schedule',
          type: 'text',
          guidance:
            'Number and timing of infusions (e.g. "single infusion", "six weekly infusions", "retreatment at relapse"), and whether given as outpatients.',
          required: false,
          multiple: false,
        },
        {
          key: 'lymphodepletion',
          label: 'Lymphodepletion regimen',
          type: 'text',
          guidance:
            'Each conditioning drug with dose and days, one tag per drug (e.g. "cyclophosphamide 1,000 mg/m² over two days", "fludarabine 90 mg/m² over three days"). ' +
            'Tag "without lymphodepletion" when the text says none was given.',
          required: false,
          multiple: true,
        },
      ],
    },
    {
      key: 'outcomes',
      label: 'Outcomes',
      fields: [
        {
          key: 'efficacy',
          label: 'Efficacy measure and result',
          type: 'text',
          guidance:
            'One tag per measure: the instrument, the result and the direction (e.g. "DORIS remission in all 8 SLE patients", "EUSTAR activity index median change −4.2"). ' +
            'Put the time point (e.g. "month 6", "month 12") in the qualifier; prefer the latest time point reported.',
          required: false,
          multiple: true,
        },
        {
          key: 'responders',
          label: 'Responders',
          type: 'proportion',
          guidance:
            'Patients meeting the authors\' response or remission definition out of those evaluated, with the percentage if the article gives one (e.g. "five out of seven participants" is 5/7; "all eight SLE patients" is 8/8; "5/6 (83%)"). ' +
            'Give the time point and the definition in the qualifier.',
          required: false,
          multiple: true,
        },
        {
          key: 'follow_up',
          label: 'Follow-up duration',
          type: 'duration',
          guidance:
            'Time from infusion to the last reported assessment. For cohorts tag the median ("median 15 months"); for a single patient, the last time point ("eight months after a single infusion", "+325 days").',
          required: true,
          multiple: false,
        },
        {
          key: 'drug_free_remission',
          label: 'Drug-free remission',
          type: 'yes-no',
          guidance:
            'Yes if patients stayed in remission (or improving) after stopping all immunosuppressants and glucocorticoids; No if treatment had to continue or restart. ' +
            'Count "immunosuppressant-free remission" as yes; note partial cases in the qualifier.',
          required: false,
          multiple: false,
        },
        {
          key: 'b_cell_depletion',
          label: 'B-cell depletion and reconstitution',
          type: 'text',
          guidance:
            'When and where B cells were depleted and when they returned (e.g. "complete depletion day 5 in blood, week 2 in bone marrow"; "reconstitution without relapse"). ' +
            'Note whether reconstituted B cells were naive.',
          required: false,
          multiple: true,
        },
        {
          key: 'car_t_expansion',
          label: 'CAR-T expansion',
          type: 'quantity',
          guidance:
            'Peak CAR-T level in blood with its unit (e.g. "32.69 cells/μL"); put the day of the peak in the qualifier. ' +
            'If the article only says the cells expanded, without a number, say so in the note.',
          required: false,
          multiple: false,
          units: ['cells/μL', 'copies/μg DNA', '% of T cells'],
        },
      ],
    },
    {
      key: 'safety',
      label: 'Safety',
      fields: [
        {
          key: 'crs_grade',
          label: 'CRS grade',
          type: 'graded-event',
          guidance:
            'Worst cytokine release syndrome grade by ASTCT 2019 consensus (fever alone is grade 1), kept with the event and its day if given ("CRS (grade 1)", "grade 2 CRS on day 3"). "No CRS" is absent; "no moderate- or high-grade CRS" is at most grade 1. ' +
            'If another system (Lee, Penn, CTCAE) was used, say so in the note.',
          required: true,
          multiple: false,
          scale: 'ASTCT-CRS',
        },
        {
          key: 'icans_grade',
          label: 'ICANS grade',
          type: 'graded-event',
          guidance:
            'Worst immune effector cell-associated neurotoxicity syndrome grade by ASTCT consensus (ICE score), with its day if given ("ICANS grade 1 on day 5"). "Neither infection nor neurotoxicity were observed" is absent.',
          required: true,
          multiple: false,
          scale: 'ASTCT-ICANS',
        },
        {
          key: 'cytopenias',
          label: 'Cytopenias',
          type: 'graded-event',
          guidance:
            'One tag per cytopenia with its CTCAE grade (e.g. "neutropenia (grade 4)", "transient anemia (grade 2)"): the cytopenia is kept with its grade; put its timing (early, prolonged, biphasic) in the qualifier.',
          required: false,
          multiple: true,
          scale: 'CTCAE',
        },
        {
          key: 'infections',
          label: 'Infections',
          type: 'text',
          guidance: 'Each infection with its severity and outcome (e.g. "pneumonia requiring admission, resolved with antibiotics"); tag "no infections" statements too.',
          required: false,
          multiple: true,
        },
        {
          key: 'other_adverse_events',
          label: 'Other adverse events',
          type: 'text',
          guidance:
            'Adverse events not covered above (e.g. hypogammaglobulinemia, hypotension, injection-site reactions), with grade and timing where given.',
          required: false,
          multiple: true,
        },
        {
          key: 'deaths',
          label: 'Deaths',
          type: 'count',
          guidance: 'Deaths during follow-up, whatever the cause ("No patients died" is 0); give causes in the note.',
          required: false,
          multiple: false,
        },
      ],
    },
    {
      key: 'per_patient',
      label: 'Per patient',
      repeat: 'patient',
      fields: [
        {
          key: 'patient_age',
          label: 'Patient age',
          type: 'summary-statistic',
          guidance: 'This patient\'s age at infusion ("a 12-year-old girl", "Patient 2, 34 years"). The cohort\'s median or range goes under Population.',
          required: false,
          multiple: false,
          units: ['years', 'months'],
        },
        {
          key: 'patient_sex',
          label: 'Patient sex',
          type: 'text',
          guidance: 'This patient\'s sex as reported ("female", "a 34-year-old man"); "not reported" if the article gives none.',
          required: false,
          multiple: false,
        },
        {
          key: 'patient_disease',
          label: 'Patient disease and subtype',
          type: 'text',
          guidance: 'The disease with its subtype and organ involvement for this patient ("anti-MDA5 dermatomyositis with ILD", "SLE, class IV nephritis").',
          required: false,
          multiple: false,
        },
        {
          key: 'patient_prior_treatments',
          label: 'Patient prior treatments',
          type: 'text',
          guidance: 'What this patient received before CAR-T, one tag per drug or line ("rituximab", "mycophenolate mofetil").',
          required: false,
          multiple: true,
        },
        {
          key: 'patient_product_dose',
          label: 'Patient product and dose',
          type: 'dose',
          guidance: 'The dose this patient received, with unit and basis ("1 × 10⁶ CAR T cells/kg"); name the product in the note if the article gives several.',
          required: false,
          multiple: false,
          units: ['cells/kg', 'CAR+ cells/kg', 'cells', 'mg/m²'],
        },
        {
          key: 'patient_lymphodepletion',
          label: 'Patient lymphodepletion',
          type: 'text',
          guidance: 'This patient\'s conditioning, one tag per drug ("fludarabine 25 mg/m² for 3 days"), or "none".',
          required: false,
          multiple: true,
        },
        {
          key: 'patient_crs',
          label: 'Patient CRS',
          type: 'graded-event',
          guidance: 'This patient\'s worst CRS grade (ASTCT), with its day if given ("CRS grade 1 on day 2"); "no CRS" is absent.',
          required: false,
          multiple: false,
          scale: 'ASTCT-CRS',
        },
        {
          key: 'patient_icans',
          label: 'Patient ICANS',
          type: 'graded-event',
          guidance: 'This patient\'s worst ICANS grade (ASTCT), with its day if given; "no ICANS" is absent.',
          required: false,
          multiple: false,
          scale: 'ASTCT-ICANS',
        },
        {
          key: 'patient_cytopenias',
          label: 'Patient cytopenias',
          type: 'graded-event',
          guidance: 'Each cytopenia of this patient with its CTCAE grade ("grade 4 neutropenia").',
          required: false,
          multiple: true,
          scale: 'CTCAE',
        },
        {
          key: 'patient_infections',
          label: 'Patient infections',
          type: 'text',
          guidance: 'Each infection of this patient with severity and outcome, or "no infections".',
          required: false,
          multiple: true,
        },
        {
          key: 'patient_response',
          label: 'Patient response',
          type: 'text',
          guidance: 'This patient\'s response as the authors define it, with its time point ("drug-free remission at month 6").',
          required: false,
          multiple: true,
        },
        {
          key: 'patient_follow_up',
          label: 'Patient follow-up',
          type: 'duration',
          guidance: 'Time from this patient\'s infusion to the last assessment reported ("12 months").',
          required: false,
          multiple: false,
        },
        {
          key: 'patient_timeline',
          label: 'Patient timeline',
          type: 'timeline-event',
          guidance:
            'One tag per event with its day relative to the infusion: "fever on day 1", "Day +14: discharged", "rituximab stopped 34 days before infusion". ' +
            'Days before the infusion are negative.',
          required: false,
          multiple: true,
        },
      ],
    },
  ],
};
