"""The competency questions the curated graph must answer, as data.

Each question is a query spec that both the facade (tests/data) and GraphQL (tests/api) can
run, and the answer set the curators expect. Changing data that changes an answer means
updating the expected set here, on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import kg


@dataclass(frozen=True)
class Question:
    text: str
    op: str  # arguments | exceptions | underminers | scenario | weakened | illustrations
    args: dict[str, Any]
    expected: frozenset[str] = field(default_factory=frozenset)


def q(question: str, op: str, expected: set[str], **args: Any) -> Question:
    return Question(question, op, args, frozenset(expected))


#: Arguments that need deployment to be gated on evaluation (several questions reach them).
GATED = {'anthropic-asl3-precautionary-deployment', 'anthropic-rsp',
         'anthropic-sabotage-evaluations', 'arc-evals-pre-deployment',
         'balesni-evaluations-based-safety-cases',
         'carroll-induced-preference-shifts',
         'clymer-misuse-safeguards-safety-case', 'clymer-safety-cases',
         'deepmind-frontier-safety-framework',
         'deepmind-fsf-v2-safety-case-gated-deployment',
         'deepmind-fsf-v3-internal-deployment-safety-cases',
         'goemans-cyber-inability-template', 'grosse-asl4-safety-case-sketches',
         'hubinger-understanding-based-evals', 'korbak-control-safety-case',
         'li-covert-sandbagging-cot-monitoring',
         'metr-responsible-scaling-policies',
         'openai-gpt4-system-card-red-teaming',
         'openai-pf-v2-safeguards-gated-deployment',
         'openai-preparedness-framework', 'perez-red-teaming-lms',
         'phuong-scheming-inability-safety-case',
         'shevlane-model-evaluation-extreme-risks', 'vanderweij-ai-sandbagging'}

QUESTIONS: list[Question] = [
    q('Which arguments assume the model is sandboxed during training?', 'arguments',
      {'babcock-ai-containment', 'bostrom-capability-control', 'hubinger-model-organisms'},
      assumes='sandboxed-in-training'),
    q('Which arguments break if weights keep updating in deployment?', 'arguments',
      {'goemans-cyber-inability-template', 'rlo-deceptive-alignment'},
      assumes='parameters-fixed-in-deployment'),
    q('Which arguments need deployment data to flow back into training?', 'arguments',
      {'bb3x-learning-from-organic-interactions', 'christiano-low-stakes-alignment',
       'cursor-real-time-rl', 'greenblatt-catching-red-handed',
       'perdomo-performative-prediction', 'rosati-unsafe-feedback-rlhf',
       'sculley-ml-technical-debt-feedback-loops', 'shumailov-model-collapse',
       'stix-internal-deployment', 'williams-user-feedback-manipulation',
       'wu-tta-distribution-invading-attack'},
      assumesNot='deployment-data-excluded-from-training'),
    q('Which arguments need correction to outpace harm?', 'arguments',
      {'anthropic-asl3-precautionary-deployment', 'buhl-debate-safety-case',
       'christiano-low-stakes-alignment', 'clymer-misuse-safeguards-safety-case',
       'greenblatt-catching-red-handed', 'hadfield-menell-off-switch-game',
       'lindner-monitoring-latency-recovery', 'openai-iterative-deployment',
       'stickland-async-monitoring', 'wen-adaptive-macro-protocol'},
      assumes='correction-outpaces-harm'),
    q('Which arguments hold that failures during training can be costly?', 'arguments',
      {'achiam-cpo', 'amodei-safe-exploration', 'eysenbach-leave-no-trace',
       'openai-preparedness-framework', 'orseau-safe-interruptibility',
       'saunders-human-intervention-rl'},
      assumesNot='training-failures-cheap'),
    q('Which arguments depend on where distributional shift happens?', 'arguments',
      {'amodei-distributional-shift', 'hubinger-sleeper-agents',
       'langosco-goal-misgeneralization', 'soares-sharp-left-turn'},
      dependsOn='shift-happens-at-train-deploy-boundary'),
    q('Which arguments need the model not to tell evaluation from deployment?', 'arguments',
      {'arc-evals-pre-deployment', 'balesni-evaluations-based-safety-cases',
       'clymer-safety-cases', 'deepmind-frontier-safety-framework',
       'metr-responsible-scaling-policies', 'openai-gpt4-system-card-red-teaming',
       'openai-preparedness-framework', 'perez-red-teaming-lms',
       'phuong-scheming-inability-safety-case', 'ryd-sandbagging-removal',
       'shevlane-model-evaluation-extreme-risks'},
      assumesNot='model-can-distinguish-training-from-deployment'),
    q('Which arguments turn on containment in any phase?', 'arguments',
      {'amodei-safe-exploration', 'anthropic-asl3-precautionary-deployment',
       'arc-evals-pre-deployment', 'armstrong-oracle-ai', 'babcock-ai-containment',
       'balesni-evaluations-based-safety-cases', 'bhatt-ctrl-z-resampling',
       'bostrom-capability-control', 'bostrom-treacherous-turn',
       'clymer-misuse-safeguards-safety-case', 'denison-sycophancy-to-subterfuge',
       'everitt-reward-tampering', 'eysenbach-leave-no-trace', 'greenblatt-ai-control',
       'hubinger-model-organisms', 'korbak-ai-control-levels',
       'korbak-control-safety-case', 'lucassen-retrying-leaks-monitor-signal',
       'openai-iterative-deployment', 'saunders-human-intervention-rl',
       'shlegeris-rogue-deployments', 'stickland-async-monitoring',
       'wen-adaptive-macro-protocol', 'yampolskiy-ai-confinement-protocol'},
      property='containment'),
    q('Which arguments rest on an assumption about the evaluation phase?', 'arguments',
      {'anthropic-asl3-precautionary-deployment', 'anthropic-rsp',
       'anthropic-sabotage-evaluations', 'apollo-sonnet37-eval-awareness',
       'arc-evals-pre-deployment', 'babcock-ai-containment',
       'balesni-evaluations-based-safety-cases', 'berglund-situational-awareness',
       'bostrom-treacherous-turn', 'carlan-dynamic-safety-cases', 'carlsmith-scheming',
       'carroll-induced-preference-shifts', 'clymer-misuse-safeguards-safety-case',
       'clymer-safety-cases', 'cotra-hard-with-deep-learning',
       'deepmind-frontier-safety-framework',
       'deepmind-fsf-v2-safety-case-gated-deployment',
       'deepmind-fsf-v3-internal-deployment-safety-cases',
       'goemans-cyber-inability-template', 'greenblatt-ai-control',
       'greenblatt-password-locked-elicitation', 'grosse-asl4-safety-case-sketches',
       'hua-steering-eval-aware-model-organism', 'hubinger-sleeper-agents',
       'hubinger-understanding-based-evals', 'jarviniemi-deceptive-tendencies',
       'knecht-vea-limited-effect', 'korbak-ai-control-levels',
       'korbak-control-safety-case', 'li-covert-sandbagging-cot-monitoring',
       'macdiarmid-emergent-misalignment-reward-hacking',
       'metr-responsible-scaling-policies', 'needham-evaluation-awareness',
       'openai-gpt4-system-card-red-teaming', 'openai-iterative-deployment',
       'openai-pf-v2-safeguards-gated-deployment', 'openai-preparedness-framework',
       'perez-red-teaming-lms', 'phuong-dangerous-capabilities',
       'phuong-scheming-inability-safety-case', 'schoen-anti-scheming-eval-awareness',
       'shevlane-model-evaluation-extreme-risks', 'tice-noise-injection-sandbagging',
       'vanderweij-ai-sandbagging', 'yampolskiy-ai-confinement-protocol',
       'ziegler-high-stakes-reliability'},
      phase='evaluation'),
    q('Which arguments are about capabilities still growing after training?', 'arguments',
      {'bostrom-treacherous-turn', 'soares-sharp-left-turn'},
      assumesNot='no-cognitive-shift-after-training'),
    q('Which policy arguments rely on deployment being gated on evaluation?', 'arguments',
      {'anthropic-asl3-precautionary-deployment', 'anthropic-rsp',
       'arc-evals-pre-deployment', 'deepmind-frontier-safety-framework',
       'deepmind-fsf-v2-safety-case-gated-deployment',
       'deepmind-fsf-v3-internal-deployment-safety-cases',
       'metr-responsible-scaling-policies', 'openai-gpt4-system-card-red-teaming',
       'openai-iterative-deployment', 'openai-pf-v2-safeguards-gated-deployment',
       'openai-preparedness-framework', 'shevlane-model-evaluation-extreme-risks'},
      assumes='pre-deployment-gate', kind='policy'),
    q('Which arguments mention sandbagging?', 'arguments',
      {'anthropic-sabotage-evaluations', 'li-covert-sandbagging-cot-monitoring',
       'ryd-sandbagging-removal', 'tice-noise-injection-sandbagging',
       'vanderweij-ai-sandbagging', 'ward-sabotage-monitoring-unreliable'},
      text='sandbag'),
    q('Which documented cases trained without a sandbox?', 'exceptions',
      {'daydreamer-real-world-robots', 'qt-opt-real-robot-grasping',
       'real-world-legged-locomotion-rl', 'rome-rl-agent-reverse-ssh-cryptomining',
       'webgpt-live-browsing'},
      observes='sandboxed-in-training', status='violated'),
    q('Which cases show weights changing in deployment?', 'exceptions',
      {'alexa-self-learning-query-rewriting', 'bing-ads-click-model-staleness',
       'bytedance-monolith-online-training', 'cursor-composer-real-time-rl',
       'cursor-tab-online-rl', 'google-ad-click-online-learning',
       'gpt4o-sycophancy-rollback', 'msn-decision-service-online-bandit',
       'test-time-training-arc'},
      observes='parameters-fixed-in-deployment'),
    q('Which cases show deployment data flowing back into training?', 'exceptions',
      {'alexa-self-learning-query-rewriting', 'anthropic-consumer-chat-training',
       'blenderbot3-deployment-data-trains-bb3x', 'bytedance-monolith-online-training',
       'chatgpt-research-preview', 'cursor-composer-real-time-rl',
       'cursor-tab-online-rl', 'gboard-federated-learning',
       'google-ad-click-online-learning', 'gpt4o-sycophancy-rollback', 'microsoft-tay',
       'msn-decision-service-online-bandit'},
      observes='deployment-data-excluded-from-training'),
    q('Which evaluations or tests touched the real world?', 'exceptions',
      {'gpt4-taskrabbit-captcha', 'o1-ctf-container-escape',
       'sakana-ai-scientist-self-modification', 'sandboxescapebench',
       'uber-atg-test-vehicle-fatality'},
      observes='sandboxed-in-evaluation'),
    q('Which cases show the phases overlapping?', 'exceptions',
      {'bing-gpt4-before-release', 'bing-sydney', 'bytedance-monolith-online-training',
       'chatgpt-research-preview', 'cursor-composer-real-time-rl',
       'cursor-tab-online-rl', 'gboard-federated-learning',
       'openai-frequent-updates-without-major-training-runs', 'test-time-training-arc'},
      observes='discrete-phases'),
    q('Which cases show models telling tests from real use?', 'exceptions',
      {'avida-organisms-play-dead-in-test', 'frontier-models-detect-evaluations',
       'o3-eval-awareness-anti-scheming', 'opus-feigns-lower-capability-in-evals',
       'sonnet37-recognises-alignment-evals'},
      observes='model-can-distinguish-training-from-deployment', status='holds'),
    q('Which exceptions undermine the sleeper-agents argument?', 'underminers',
      {'alignment-faking-exfiltration-opportunity', 'bing-sydney',
       'chatgpt-research-preview', 'cursor-composer-real-time-rl',
       'gpt4o-sycophancy-rollback', 'hide-and-seek-autocurricula',
       'internal-deployment-practice', 'learning-rate-schedules', 'microsoft-tay',
       'o3-evaluated-on-earlier-checkpoints',
       'opus4-released-before-asl3-determination'},
      argument='hubinger-sleeper-agents'),
    q("Which arguments does WebGPT's live browsing undermine?", 'arguments',
      {'babcock-ai-containment', 'bostrom-capability-control', 'hubinger-model-organisms'},
      underminedBy='webgpt-live-browsing'),
    q('Which arguments does the cognitive-shift forecast undermine (none: a '
      'forecast is not evidence)?', 'arguments',
      set(),
      underminedBy='cognitive-distributional-shift'),
    q('If weights keep updating in deployment and training is not sandboxed, '
      'which arguments are weakened (they lean on these as supporting '
      'premises)?', 'weakened',
      {'babcock-ai-containment', 'bostrom-capability-control',
       'goemans-cyber-inability-template', 'hubinger-model-organisms',
       'rlo-deceptive-alignment'},
      facts={'parameters-fixed-in-deployment': False, 'sandboxed-in-training': False}),
    q('If the model cannot tell training from deployment, which arguments lose '
      'a premise?', 'scenario',
      {'apollo-sonnet37-eval-awareness', 'greenblatt-alignment-faking',
       'hua-steering-eval-aware-model-organism', 'hubinger-sleeper-agents',
       'kroiz-unverbalized-eval-awareness', 'leike-gridworlds-absent-supervisor',
       'needham-evaluation-awareness', 'ngo-alignment-problem-dl',
       'schoen-anti-scheming-eval-awareness', 'sheshadri-why-fake-alignment'},
      facts={'model-can-distinguish-training-from-deployment': False}),
    q('If deployment is not gated on evaluation, which arguments lose a '
      'premise?', 'scenario',
      GATED,
      facts={'pre-deployment-gate': False}),
    q("Which real systems are instances of the essay's continual fine-tuning "
      'example?', 'illustrations',
      {'bytedance-monolith-online-training', 'gboard-federated-learning',
       'google-ad-click-online-learning'},
      exception='continual-fine-tuning-in-deployment'),
    q('Which arguments does the internal-deployment practice undermine?', 'arguments',
      {'anthropic-asl3-precautionary-deployment', 'anthropic-rsp',
       'anthropic-sabotage-evaluations', 'arc-evals-pre-deployment',
       'babcock-ai-containment', 'balesni-evaluations-based-safety-cases',
       'berglund-situational-awareness', 'bostrom-treacherous-turn',
       'carlan-dynamic-safety-cases', 'carlsmith-scheming',
       'carroll-induced-preference-shifts', 'clymer-misuse-safeguards-safety-case',
       'clymer-safety-cases', 'cotra-hard-with-deep-learning',
       'deepmind-frontier-safety-framework',
       'deepmind-fsf-v2-safety-case-gated-deployment',
       'deepmind-fsf-v3-internal-deployment-safety-cases',
       'goemans-cyber-inability-template', 'greenblatt-ai-control',
       'greenblatt-password-locked-elicitation', 'grosse-asl4-safety-case-sketches',
       'hubinger-sleeper-agents', 'hubinger-understanding-based-evals',
       'jarviniemi-deceptive-tendencies', 'korbak-ai-control-levels',
       'korbak-control-safety-case', 'li-covert-sandbagging-cot-monitoring',
       'macdiarmid-emergent-misalignment-reward-hacking',
       'metr-responsible-scaling-policies', 'needham-evaluation-awareness',
       'openai-gpt4-system-card-red-teaming', 'openai-iterative-deployment',
       'openai-pf-v2-safeguards-gated-deployment', 'openai-preparedness-framework',
       'perez-red-teaming-lms', 'phuong-dangerous-capabilities',
       'phuong-scheming-inability-safety-case',
       'shevlane-model-evaluation-extreme-risks', 'tice-noise-injection-sandbagging',
       'vanderweij-ai-sandbagging', 'ziegler-high-stakes-reliability'},
      underminedBy='internal-deployment-practice'),
    q('Which arguments conclude that training cannot be kept sandboxed?', 'arguments',
      {'jenner-danger-during-training', 'ray-safety-gym'},
      arguesNot='sandboxed-in-training'),
    q('Which arguments conclude that oversight during training fails?', 'arguments',
      {'baker-cot-monitoring-obfuscation', 'christiano-what-failure-looks-like',
       'denison-sycophancy-to-subterfuge', 'everitt-corrupt-reward-mdp',
       'everitt-reward-tampering', 'gao-rm-overoptimization',
       'krakovna-specification-gaming', 'kumar-realab-embedded-tampering',
       'pan-reward-hacking-phase-transitions', 'skalse-reward-hacking',
       'wen-u-sophistry', 'williams-user-feedback-manipulation'},
      arguesNot='oversight-during-training'),
    q('Which arguments rely on limited, monitored access in deployment '
      '(control) rather than a full sandbox?', 'arguments',
      {'anthropic-asl3-precautionary-deployment', 'balesni-evaluations-based-safety-cases',
       'bhatt-ctrl-z-resampling', 'clymer-misuse-safeguards-safety-case',
       'greenblatt-ai-control', 'korbak-ai-control-levels',
       'korbak-control-safety-case', 'lucassen-retrying-leaks-monitor-signal',
       'openai-iterative-deployment', 'shlegeris-rogue-deployments',
       'stickland-async-monitoring', 'wen-adaptive-macro-protocol'},
      assumes='access-limited-in-deployment'),
    q('Which arguments rely on updates and oversight keeping pace with shift '
      "(the essay's rates comparison)?", 'arguments',
      {'anthropic-rsp', 'cursor-real-time-rl', 'jenner-rates-comparison',
       'perdomo-performative-prediction', 'subasri-monitor-and-continually-learn'},
      assumes='updates-keep-pace-with-shift'),
    q('Which arguments rely on a gap between training and deployment inputs?', 'arguments',
      {'amodei-distributional-shift', 'christiano-worst-case', 'cursor-real-time-rl',
       'langosco-goal-misgeneralization', 'leike-gridworlds-absent-supervisor',
       'macdiarmid-emergent-misalignment-reward-hacking', 'ngo-alignment-problem-dl',
       'rlo-pseudo-alignment-off-distribution', 'shah-goal-misgeneralization'},
      assumes='train-deploy-distribution-gap'),
    q('Which forecasts predict that training will not stay sandboxed?', 'exceptions',
      {'sandboxing-infeasible-for-powerful-ai'},
      observes='sandboxed-in-training', status='predicted'),
    q('Which documented cases show weights updated from production data?', 'exceptions',
      {'bing-ads-click-model-staleness', 'bytedance-monolith-online-training',
       'cursor-composer-real-time-rl', 'cursor-tab-online-rl',
       'google-ad-click-online-learning', 'msn-decision-service-online-bandit',
       'test-time-training-arc'},
      observes='parameters-fixed-in-deployment', status='violated'),
]

def answer(graph: kg.KnowledgeGraph, question: Question) -> set[str]:
    """The answer through the facade (the GraphQL tests ask the same through the API)."""
    a = question.args
    if question.op == "arguments":
        sets = []
        if "assumes" in a:
            sets.append({x.id for x in graph.arguments_assuming(a["assumes"], "holds")})
        if "assumesNot" in a:
            sets.append({x.id for x in graph.arguments_assuming(a["assumesNot"], "fails")})
        if "arguesNot" in a:
            sets.append({x.id for x in graph.arguments_assuming(a["arguesNot"], "argues-fails")})
        if "dependsOn" in a:
            sets.append({x.id for x in graph.arguments_assuming(a["dependsOn"])})
        if "property" in a or "phase" in a:
            sets.append({x.id for x in graph.arguments_on_property(a.get("property"),
                                                                   a.get("phase"))})
        if "underminedBy" in a:
            sets.append({u.argument_id for u in graph.arguments_undermined_by(a["underminedBy"])})
        if "kind" in a:
            sets.append({x.id for x in graph.arguments() if x.kind == a["kind"]})
        if "text" in a:
            t = a["text"].casefold()
            sets.append({x.id for x in graph.arguments()
                         if t in x.title.casefold() or t in x.summary.casefold()})
        return set.intersection(*sets)
    if question.op == "exceptions":
        return {e.id for e in graph.exceptions_observing(a["observes"], a.get("status"))}
    if question.op == "underminers":
        return {u.exception_id for u in graph.exceptions_undermining(a["argument"])}
    if question.op == "scenario":
        return {v.argument_id for v in graph.evaluate(a["facts"]).undermined}
    if question.op == "weakened":
        return {v.argument_id for v in graph.evaluate(a["facts"]).weakened}
    if question.op == "illustrations":
        graph.exception(a["exception"])
        return {e.id for e in graph.exceptions() if a["exception"] in e.illustrates}
    raise ValueError(question.op)
