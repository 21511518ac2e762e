import { show } from '../../_errors';
import { normalizeRepository, parseImage, SMALL_VARIANTS } from '../_images';
import { containersOf } from '../_model';
import { DistillationFactor, LintSeverity } from '../lint-finding';
import { found, RuleDefinition } from './_rule';

export const SMALL_IMAGE_RULES: RuleDefinition[] = [
  {
    id: 'DP-SMALL-001',
    factor: DistillationFactor.SMALL_IMAGES,
    severity: LintSeverity.WARNING,
    description: 'an image known to be large where a small variant exists (the `largeImages` list)',
    rationale: 'A full OS or toolchain base is hundreds of megabytes the process never uses: slower pulls and starts on every new node, and a larger attack surface (shells, package managers, compilers) for every CVE scanner to report.',
    link: 'https://kubernetes.io/docs/concepts/containers/images/',
    check: ctx => ctx.pods.flatMap(pod => containersOf(pod).flatMap(c => {
      if (typeof c.container.image !== 'string') return [];
      const ref = parseImage(c.container.image);
      if (ref.tag !== undefined && SMALL_VARIANTS.some(v => ref.tag!.toLowerCase().includes(v))) return [];
      const large = ctx.config.largeImages.find(l => normalizeRepository(l.repository) === ref.repository);
      return large ? [found(pod.object, pod.at(`${c.relative}.image`), `must be a small image, got ${show(c.container.image)} for ${c.label}, a full ${ref.repository} image`,
        `run ${large.instead}`)] : [];
    })),
  },
];
