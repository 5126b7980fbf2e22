"""What each kind of question near Privy's subject looks like, as patterns over the folded text (see
knowledge.answers.relevance, which decides in what order they are read and what each means for a question).

Each alternative of a pattern that is searched starts with \\b, so that `re` tests the word boundary once a
position and tries the alternatives only where a word starts; one alternative without it (a `^`, a bare
\\w+, a lookbehind first) made a pattern try all of them at every character. What must open the question is a
pattern of its own (..._AT_START), read with `match`.
"""

from __future__ import annotations

import re

# The asker's own data, or people's: what the facts are about ("my code", "our messages", "user DMs").
OWN_DATA = re.compile(
    r"\b(my|our|your|their|one'?s|users?'?|members?'?|customers?'?|people'?s|organi[sz]ations?'?|company'?s?)"
    r" (own |private |public |internal )?([\w-]+ |(team|company|org|business|firm|department)'s )?(data|code|content|posts?|pins?|boards?|photos?|pics?"
    r"|pictures?|images?|chats?"
    r"|conversations?|(direct )?messages|dms|prompts|files?|documents?|docs|art|artwork|music|songs?|tracks?"
    r"|work|repos?|searches|search history"
    r"|repositor\w+|snippets?|notes?|emails?|profiles?|information|info|meetings?|recordings?|voice|text"
    r"|answers?|comments?|videos?|stories|blog|site|website|interactions?|inputs?|writing|designs?|drawings?"
    r"|sessions?"
    r"|channels?|workspaces?"
    r"|illustrations?|deviations?|tweets?|uploads?)\b"
    r"|\bthat (data|information)\b|\banything (i|you|we) (write|post|type|send|upload|paste)\b"
    r"|\b(end|ends|ended|ending) up in (the |their |its |a )?(ai )?training\b|\binto (the |their "
    r"|its )?training (data|sets?)\b"
    r"|\b(be|being|is|are|gets?) used (for|to|in|as) (further |model |ai )?train\w*"
    r"|\b(posts?|photos?|pics?|images?|videos?|comments?|tweets?|messages|chats|art|content|prompts?|code"
    r"|files?|inputs?"
    r"|conversations?|queries|searches|documents?|notes?) (\w+ ){0,4}?(being |getting |gets? )?used (for|to"
    r"|in|as)"
    r" (\w+ )?train\w*"
    r"|\b(use|uses|using) (\w+ ){1,3}(to|for) train(ing)? (the|its|their) models?\b"
    r"|\b(read|reads|reading) (\w+ ){0,2}(messages|chats|dms|conversations)\b"
    r"|\b(read|reads|reading) (my |our |your |people'?s )?(whatsapp|messenger)\b"
    r"|\b(data|documents?|files?|content|text|prompts|code|messages|photos?|images?) (that )?(we|i|you|they"
    r"|users|people)"
    r" (send|upload|share|type|write|post|paste|give|put)\b"
)

# How a model is made ("how long did it take to train GPT-4?", "was Claude trained with RLHF?"), read only
# when nothing is said of whose data it is trained on or of a choice about it (DATA_TALK).
MODEL_MAKING = re.compile(
    r"\b(was|is|were|are|been) (\w+ ){0,3}trained (with|to|using|by|badly|poorly|well|for|differently)\b"
    r"|\b(took|take|takes|cost|costs) (\w+ ){0,3}to train\b|\brlhf\b|\bconstitutional ai\b"
    r"|\b(gpus?|tpus?|h100s?|a100s?|compute|flops|hardware)\b"
)

DATA_TALK = re.compile(
    r"\b(data|posts?|content|chats?|conversations?|messages|dms|prompts|inputs?|outputs?|code|repos?"
    r"|repositor\w+|files?"
    r"|documents?|photos?|pics?|pictures?|images?|videos?|art|artwork|music|songs?|tracks?|e-?mails?|uploads?"
    r"|tweets?"
    r"|comments?|answers?|profiles?|information|info|writing|voice|recordings?|activity|searches|history"
    r"|mistakes"
    r"|interactions?|work|designs?|pins?|blogs?|articles?|essays?|notes?|stuff)\b"
    r"|\b(mail|requests|calls|meetings?|publications?|newsletters?|browsing|everything|anything)\b"
    r"|\bwhat (i|you|we) (tell|say|type|write|ask|post|upload)\b|\b(my|our|your) \w+"
    r"|\bopt|\bconsent|\bobject|\bscrap|\bcrawl|\bsell|\bsold\b|\blicen[cs]|\bauto[\s-]?enrol|\bby default\b"
)

# Talk of AI training or of keeping one's data out of it.
TRAINING = re.compile(
    r"\btrain|\blearn(s|ing|ed)? from\b|\bbeing fed\b"
    r"|\b(feed|feeds|feeding|fed)(?<!job feed)(?<!my feed)(?<!news feed)(?<!home feed)(?<!the feed) (\w+ ){0,4}?(to|into|in)\b"
    r"|\bopt(s|ed|ing)?[\s-]*(out|in)\b|\bobject\w*|\bconsent"
    r"|\bscrap\w*|\bcrawl\w*\b(?! (through |the |my |your )?(node_modules|repos?\b|repositor|files|folders|director|codebase))|\bcorpus\b|\bimprov\w* (the |its |their |our )?([\w]+[- ]){0,2}(models?|ai)\b|\bgenai\b"
    r"|\bhelp improve (claude|alexa|amazon|gemini|the model|our services)\b|\bimprove the model\b"
    r"|\bmodel improvement\b|\bapps activity\b|\b(use|uses|using|used) (my|our|your|the) (\w+ ){0,2}to improve\b"
    r"|\bgenerative ai\b|\bfor (the |their |its )?ai\b(?! (girl|boy)friends?\b| companions?\b| (apps?|tools?|art)\b)"
    r"|\bai training\b|\bmachine learning\b"
    r"|\b(ai|training) (datasets?|data ?sets?)\b|\b(use|uses|using|used) (\w+ ){0,4}?for datasets?\b"
    r"|\bopt(s|ed|ing)? (\w+ ){1,2}in\b|\bopt (\w+ ){1,3}out\b"
    r"|\bteach\w* (its|their|the|an?) (\w+ ){0,2}(ai|computers?|machines?|models?|robots?|bots?|brains?|thing)\b"
    r"|\bteach\w* (\w+'s )?(own )?(\w+ ){0,2}generators?\b|\bfodder\b|\b(robot|computer|ai) brains?\b"
    r"|\b(piped|piping|pumped|pumping|funnel\w*) (\w+ ){0,2}into\b|\bmake (itself|it|them|themselves) smarter\b"
    r"|\bkeep (\w+ ){0,3}out of (\w+'s )?(ai|training|models?)\b|\bprevent third-party sharing\b"
    r"|\bteach\w* (\w+ ){0,2}(ai|gemini|chatgpt|claude|copilot|grok|alexa|llama)\b"
    r"|\b(built|made|trained|created) (from|with|out of|off) (our|my|their|people'?s|users'?|everyone'?s) \w+"
    r"|\b(use|uses|using|used) (\w+ ){0,4}(to|for) (get|make|become|getting|making) (\w+ ){0,2}(better|smarter)\b"
    r"|\b(my|our) \w+ (\w+ ){0,2}?to (get|become|grow) smarter\b"  # "eating my searches to get smarter"
    # "to make their computer cleverer", "eaten by their chatbot", the "noai" tag that asks not to be trained on
    r"|\bmake (its|their|the) (\w+ ){0,2}(cleverer|smarter)\b|\b(eaten|gobbled|hoovered|slurped|swallowed|sucked)"
    r" (up )?by (the|their|its|an?) (\w+ )?(ai|chatbots?|bots?|robots?|models?|machines?)\b|\bno-?ai\b"
    # an opt-out made in the words of its screen ("unticked the grok box"), and data that "went in"
    r"|\b(untick|uncheck|untoggl|switch\w* off|turn\w* off|toggl\w* off)\w* (the |that |my )?(grok|gemini|copilot"
    r"|claude|chatgpt|ai|training|meta ai|data sharing) (box|checkbox|toggle|setting|option|switch)\b"
    r"|\b(stuff|posts?|data|photos?|content|messages|chats|videos|art|work|writing|tweets) (\w+ ){0,2}(went|gone"
    r"|got|goes) in(to)?\b"
    # as people write it from French, Spanish or Portuguese ("formé", "formado", "entraîné"): "formed on my chats"
    r"|\bformed (on|with|from) (my|our|the|their|users'?|people'?s)\b|\bentrain\w*"
    r"|\blicen[cs](e|ed|es|ing) (\w+ ){0,4}?to (google|openai|anthropic|microsoft|ai|third parties|partners"
    r"|ai companies)\b|\b(put|puts|putting) (\w+ ){0,3}into (the )?(robot|ai|machine|computer|bot)\b"
    r"|\bgo(es|ing)? into (the |their |its )?(next |new )?(model|ai|training)\b"
    r"|\b(ai|data|content) licen[cs]\w*|\b(openai|google|anthropic|ai|data|licensing) (deals?"
    r"|partnerships?)\b"
    r"|\b(paid|pays|paying) (\w+ ){0,3}for (our|my|their|users'?) (\w+ )?(comments|posts|data|content"
    r"|answers)\b|\blicen[cs]\w* (deals?|agreements?)\b|\bauto[\s-]?enrol\w*"
    r"|\benrol\w* (\w+ ){0,3}by default\b"
    r"|\b(sell|sells|selling|sold) (\w+ ){0,3}(to|as)\b"
    r"|\b(licen[cs]\w*|giv\w+|hand\w*) (\w+ ){0,4}to (the |those |these |other )?(ai|llm|chatbot) (companies|firms|labs"
    r"|developers)\b"
    r"|\b(send|sends|sending|sent|shar\w+|pass\w*|hand\w*) (\w+ ){0,3}(files|data|content|documents|photos"
    r"|messages|chats"
    r"|conversations|prompts) (with|to)\b"
)

# A question that plainly asks whether data is trained on, or how to keep it out ("does GitHub train its
# models on the code it sends?", "are my sessions used to train Anthropic's models?").
PLAIN_TRAINING_ASK = re.compile(
    r"\btrain\w* (\w+ ){0,4}?on\b|\b(used|use|uses|using) ([\w+/'-]+ ){0,8}?(to|for) (train|improv)\w*"
    r"|\bin (a|the|their|its) training (set|data)\b|\bopt(s|ed|ing)?[\s-]*out of (\w+ ){0,2}(ai )?training\b"
    r"|\b(use|uses|using|used) (\w+ ){0,4}?(for|in) (their |ai |training )?(datasets?|training data)\b"
)

# A question about the sentence before it ("Is that still true", "does it apply to me"): asked of what was said.
ASKS_OF_WHAT_WAS_SAID = re.compile(r"\W*(\w+[,:] )?(is|are|was|does|do|did|can|will) (that|this|it|they)\b")

# The asker sets training aside: "Not asking about training, I turned that off; who can SEE my chats?"
NOT_ABOUT_TRAINING = re.compile(
    r"\bnot (asking|talking|worried|a question) (about|re:?) (the |ai |model )?training\b"
    r"|\b(nothing to do with|not (about|related to)) (ai|training|ai training)\b"
    r"|\b(leaving|leave|setting|putting) (the |ai )?training (aside|to one side)\b"
)

# A question asked as a statement: "wondering if WeTransfer walked that clause back", "unclear if that covers".
ASKS_INDIRECTLY = re.compile(
    r"\b(wondering|curious|unsure|not sure|unclear|wonder) (if|whether|how|what|when|where|who)\b"
    r"|\b(would|i'?d) (love|like) to know\b|\b(does )?any(one|body) know (if|whether|how|where)\b"
)

# A request to a platform itself for a control over training on the asker's data ("Slack feature request: let
# owners opt out from the admin panel... is the email still the only way?"), not to a project to add one.
WANTS_A_TRAINING_CONTROL = re.compile(
    r"\b(never|not|don'?t|do not) (\w+ ){0,2}(train|used? (to|for) (train|improve))|\bopt (\w+ ){0,3}out\b"
    r"|\bincognito\b|\bhelp improve\b|\bimprove the model\b|\btraining (toggle|switch|setting|option)s?\b"
    r"|\bexclud\w* (\w+ ){0,3}from (\w+ )?training\b"
)
ADDING_A_PROVIDER = re.compile(r"\bproviders?\b|\bbackends?\b|\badd support\b|\bintegrat\w+")

# A leak, a breach or a bug exposing data: not training, unless training is plainly asked too.
BREACH = re.compile(
    r"\b(leak(s|ed)?|breach(es|ed)?|hack(s|ed)?|compromised|prompt injection|vulnerabilit\w+"
    r"|indexed by (google|search engines?))\b"
)

# What a model's output is worth or owes, or says about the asker: the rights to it, a licence it pulls in, a
# false claim about a person. Not training on the asker's data, unless that is asked too (TRAINS_ON_MINE).
OUTPUTS = re.compile(
    r"\bcopyright (on|of|for|to) (the )?(\w+ ){0,2}(images?|outputs?|art|artwork|content|code|text|songs?|music)"
    r" (i|we|you) (make|made|generate|generated|create|created)\b|\b(register|copyright) the outputs?\b"
    r"|\bwho owns (the )?(outputs?|images?|copyright)\b|\b(obligated|required) to (gpl|open[- ]source|relicense)\b"
    r"|\bmatch(ing|ed|es) public code\b|\bsell (\w+ ){0,2}(prints|copies) of\b|\b(do|should) i (need to )?credit\b"
    r"|\btrained to (censor|refuse|avoid|lie|flatter|agree)\b"
    r"|\b(says|said|telling|told|tells) (\w+ ){0,3}(that )?i (died|am dead|was dead|was (arrested|convicted|charged)"
    r"|committed)\b"
    r"|\bwhat (it|the model|the bot|chatgpt|gemini|claude|copilot|grok) (says|said|writes|knows) about me\b"
)
TRAINS_ON_MINE = re.compile(
    r"\btrain\w* (\w+ ){0,3}on (my|our)\b|\b(my|our) (\w+ ){0,3}(used|use) (\w+ ){0,3}(to|for) train"
)

# The asker's own product's paperwork: its privacy policy, its subprocessors, its consent boxes.
OWN_PRODUCT_PAPERWORK = re.compile(
    r"\b(my|our (app|site|product|company)'?s?) privacy (policy|notice)\b|\bsub-?processors?\b"
    r"|\bconsent (checkbox|check box|banner|popup)s?\b"
)

# Whether the asker may record or photograph people: the law on their own recording, not a platform's training.
RECORDING_PEOPLE = re.compile(
    r"\bis it (legal|allowed|ok|okay) to (record|film|photograph|take (photos|pictures|videos))\b"
)

WHERE_A_SETTING_IS = re.compile(r"\bwhere\b|\bcan'?t find\b|\bhow (do|can) i (find|get to|reach)\b")

# Asked of Privy itself, not of a platform: "do you just scrape reddit for your answers?"
ABOUT_PRIVY = re.compile(
    r"\bfor your (answers|info|information|facts)\b|\bwhere do you get your\b|\bwho (made|built|runs) you\b"
)
# Who gets paid for the data: compensation, not what is done with one's own.
COMPENSATION = re.compile(
    r"\b(users?|we|i|us) (get|gets|got|be|being) paid\b|\bget (a )?(cut|share) of\b"
    r"|\bhow much (\w+ ){0,3}(earn\w*|made|make|makes|revenue)\b"  # what a data deal brought in
)

# The asker has already switched training off or objected, and asks whether it holds: not a tool question.
ALREADY_ACTED = re.compile(
    r"\b(i|we) (have |'ve )?(already )?((switched|turned|toggled) (\w+ ){0,6}?off|opted out|objected|unticked"
    r"|unchecked|disabled)\b|\b(switched|turned|toggled) off (\w+ ){0,4}?(training|improvement)\b"
)

ASKS_WHETHER = re.compile(r"\b(whether|if)\b")  # a question asked inside a sentence: "confirm whether ..."

ASKS = re.compile(r"\b(what|how|why|where|which|who|when) (does|do|is|are|can|should|will|would|did)\b")


# "Train" and "model" in the senses that have nothing to do with AI.
OTHER_SENSES = re.compile(
    r"\btrain\w* (my|our|your|their|the|a|new|his|her) (\w+ )?(dogs?|pupp\w+|cats?|pets?|horses?|team|staff"
    r"|employees"
    r"|mods|moderators|volunteers|hires|kids|children|students|body|legs|muscles|ears?|algorithms?|feeds?"
    r"|recommendations|fyp)\b"
    r"|\btrain\w* for (a|an|the|my) (\w+ )?(marathon|race|triathlon|half|exam|test|job|interview|season)\b"
    r"|\btrains? (strikes?|stations?|tickets?|times?|lines?|journeys?|delays?|rides?)\b|\bby train\b"
    r"|\btrains? (are |were )?(run|running|delayed|cancell?ed)\b"
    r"|\btraining (courses?|sessions?|programs?|programmes?|videos?|modules?|materials?|days?|plans?"
    r"|partners?"
    r"|budgets?|certificat\w*)|\bcertificat\w*"
    r"|\bmodel (railways?|trains?|kits?|numbers?)\b|\b(kindle|phone|iphone|car|laptop|tv|printer"
    r"|watch) models?\b"
    r"|\b(role|business) models?\b|\btrainers?\b"
    r"|\b(painted|plastic|scale|resin|3d[- ]printed|gundam|lego|clay) (\w+ )?models?\b"  # a thing one builds
)

# Opting out of something that is not AI training (ads, marketing email, recording by default).
OTHER_OPT_OUT = re.compile(
    r"\bopt(s|ed|ing)?[\s-]*out (of|from) (\w+'?s? ){0,4}?(ads?|advertis\w*|marketing|e-?mails?|newsletters?"
    r"|notifications?|cookies|recordings?|personali[sz]ed|targeted|sms|texts|calls|location)\b"
    r"|\bopt(s|ed|ing)?[\s-]*in(to)? (to )?(the |a |an |their )?(\w+ )?(beta|program|programme|preview"
    r"|waitlist|trial)\b"
    r"|\bopt(s|ed|ing)?[\s-]*out (of|from) (\w+'?s? ){0,4}?sharing (\w+ ){0,4}with (my )?(friends|followers"
    r"|contacts|family)\b"
    # the assistant itself, not what is done with the asker's data: "turn off Meta AI so my kid can't chat"
    r"|\b(turn off|switch off|disable|remove|get rid of|hide) (the )?(meta ai|ai chats?|ai assistant)\b.{0,60}?\bso"
    r" (that )?(he|she|they|i|we|my \w+|the kids?) (can'?t|cannot|won'?t|don'?t) (chat|talk|use|message)\b"
)

# The asker training or tuning a product on their own files ("how can I train ChatGPT on our PDFs"): building
# something with it, not the platform training on them. Read before the asker's own data is weighed.
THEIR_OWN_TRAINING = re.compile(
    r"\b(how (can|do|would) (i|we)|can (i|we)|to(?<!allowed to)(?<!permitted to)(?<!going to)(?<!whether to)(?<!decides to)(?<!decided to)"
    r"(?<!interest to)(?<!interests to)(?<!basis to)(?<!' to)(?<!on to)|want to"
    r"|would like to|possible to) (train|fine-?tune|teach)"
    r" (chatgpt|gpt[\w-]*|claude|gemini|copilot|grok|llama|it|this|the (bot|model|ai|assistant)|an? (ai|model"
    r"|bot|gpt))"
    r" (on|with|using|from)\b"
    r"|\b(train|fine-?tune|retrain) (my|our) own\b|\b(my|our) own (\w+ ){0,2}(models?|classifiers?|llms?"
    r"|networks?|chatbots?)\b"
    r"|\b(i|we) (have |'ve )?(trained|fine-?tuned|taught)\b|\bwe (retrain\w*|are training|'re training)\b"
    r"|\b(us|we) (\w+ )?(fine-?tun|train)\w* on (their|customers'?|users'?) data\b"
    r"|\bhow (are|do) (others|you all|people) implement\w*\b"
    r"|\bshould (i|we) retrain\b|\b(i'?m|i am|we'?re|we are) (\w+ ){0,2}(training|fine-?tuning) (a|my|our) (own )?(model"
    r"|llm|bot|classifier)\b"
    r"|\btrain (my|your|the) voice\b|\brecogni[sz]es? (me|my voice)\b"
    r"|\btrain (\w+ ){0,2}to (recogni[sz]e|understand|know|respond|answer|speak|talk|write)\b"
    r"|\btrain (it|them|this|the (ai|algorithm|model)) (better|more)\b"
    r"|\b(i|we) teach (\w+ ){0,2}(chatgpt|claude|gemini|copilot|grok|llama)\b|\bfeed (my|our) own\b"
    r"|\bmake (\w+ ){0,2}learn (my|our)\b"
    r"|\btrained on (\w+ ){0,2}outputs?\b"
    r"|\b(use|using|scrap\w*|collect\w*|harvest\w*) (of )?(?!(my|our|your|users?'?"
    r"|customers?'?) )(\w+ ){0,2}outputs?"
    r" (to|for) (train|fine-?tun)\w*"
)

# Data sold or shared for advertising ("is Meta selling my data to advertisers?"): not AI training unless
# AI or training is named too.
ADVERTISING = re.compile(r"\b(advertis\w*|ads|marketers?|data brokers?)\b")

AI_WORDS = re.compile(r"\btrain|\bai\b|\bmodels?\b|\bllms?\b|\bgenerative\b|\bmachine learning\b")

# Asking the other people in a thread what they do or feel ("what is everyone doing to protect themselves?"):
# a poll of people, not a question with a sourced answer.
POLL = re.compile(
    r"\bwhat(?: is|'s|s)? every(one|body) (is )?doing\b|\bwhat are (you all|y'?all|you guys|people"
    r"|others) doing\b"
    r"|\bare (you|y'?all|people) (all |guys )?still (posting|using|sharing|uploading)\b"
    r"|\bhow (is|are) (every(one|body)|people|you all|y'?all|you guys|others) (handling|dealing|coping"
    r"|managing)\b"
    r"|\bdo you (all |guys )?feel the need\b|\b(thoughts|opinions)\s*\?|\banyone else (doing|planning)\b"
    r"|\bplace your bets\b|\bwhat are your predictions\b|\brate my\b|\bchange my mind\b|\bhot take\b"
    r"|\bcurious what (\w+ ){0,2}think\b"
)

# The asker gathering data themselves ("does the LinkedIn scraper still work?"), whatever it is for.
ASKER_COLLECTS = re.compile(
    r"\b(the|this|a|my|our|your) (?!ai\b)([\w-]+ )?scraper\b|\bscraping (keeps|stopped|broke|fails|hits)\b"
    r"|\bauthwall\b|\b(scrape|crawl) (my|our) own\b"
    r"|\b(best|easiest|quickest|a|any) way to (scrape|crawl|download|export|archive|back ?up)\b|\b(i'?m"
    r"|we'?re|i am|we are) (collecting|scraping|gathering|crawling|harvesting)\b"
)

# Using or wiring up a product: subscriptions, keys, plugins, set-up, licences (a training *course* too).
TOOLING = re.compile(
    r"\bsubscriptions?\b|\bapi key|\boauth\b|\bsign[ -]?in\b|\blog[ -]?in\b|\bset ?up\b|\binstall\w*"
    r"|\bconfigur\w+|\bintegrat\w+|\bplugins?\b|\bextensions?\b|\bprovider\b|\bproxy\b|\bsdk\b"
    r"|\b\w*quota\b|\blicen[cs]es?\b(?!( \w+){0,3} to\b)|\blicen[cs]ing\b(?! deals?\b)(?! (\w+ ){0,3}(comments|posts|threads|answers|content|data|tweets|photos|art|work)\b)(?<!ai licensing)(?<!ai licencing)(?<!data licensing)(?<!data licencing)|\bcustom models?\b|\b(is it possible|possible) to use\b"
    r"|\b(a|any) way (for [\w ]+ )?to use\b|\b(would|'d) like to use\b|\buse [\w.-]+ with\b"
    r"|\b(this|that|your) (feature|app|tool|integration|project|bot|library|script|repo)\b|\blogging\b"
    r"|\bhow (do i|do we|to|can i|can we) (create|make(?! (it|them|this|that|sure)\b)|build|run|install"
    r"|access|integrate|connect)\b"
    r"|\bfine-?tun\w*|\bself(?<!not self)-?host\w*"
    r"|\bollama\b|\blm ?studio\b|\bllama\.cpp\b|\bopenrouter\b|\blitellm\b|\blocal (llms?|models?"
    r"|embeddings?)\b"
    r"|\b(use|using) (my|our) [\w+ ]{1,30} (account|plan) (in|with|on)\b|\b(in|with) (vs ?code|jetbrains"
    r"|intellij|xcode)\b"
    r"|\b(use|using) [\w .-]{1,40} instead of\b|\brout\w* (\w+ ){0,3}through\b"
    r"|\b(requests?|calls?|traffic) (\w+ ){0,2}through\b"
    r"|\bendpoints?\b|\bpremium requests?\b|\b(templates?|boilerplate)\b|\bgive (\w+ ){1,3}access to\b|\b[a-z_]+ ?= ?(true|false|none|null)\b|\bwebhooks?\b"
    r"|\brate limits?\b|\bdocker\b|\bnpm\b|\bpip install\b|\bstack ?trace\b|\btraceback\b"
)

# Telemetry and usage data of a tool: not the AI training the facts are about.
TELEMETRY = re.compile(r"\btelemetry\b|\busage (data|metrics|statistics)\b|\bcrash report|\berror report")

# A project's own model or dataset, or a model's knowledge cut-off.
THEIR_MODEL = re.compile(
    r"\b(?<!improve )(the|this|your|released|pre-?trained|uploading)(?<!delete the)(?<!deleted the)(?<!in the) (models?"
    r"|checkpoints?"
    r"|datasets?|data ?sets?"
    r"|weights)\b(?!-)(?! (that|which) (power|run))"
    r"|\b(?<!ai )(?<!training )datasets?\b|\bdid you (use|train)\b|\byou trained\b|\bwhat data (was|is"
    r"|were) used to train\b"
    r"|\btraining data (from|up to|until) \w+|\btraining (data )?cut-?off\b|\btraining data (is|was|seems) (\w+ )?(old|outdated|dated"
    r"|stale)\b"
    r"|\b(old|outdated|stale) training data\b|\bthinks it'?s (still )?\d{4}\b|\btrained (up )?(to"
    r"|until) \w+ \d{4}|\bknowledge cut-?off\b"
    r"|\b(which|what) (\w+ ){0,3}(was|were|is|are) (\w+ ){0,3}trained on\b"
    r"|\bpublish\w* (\w+ ){0,5}trained on\b"
    r"|\bhow (was|were|is|are) [\w' -]{1,30} trained\b|\bsource ?code\b|\bopen[- ]sourc\w*\b(?! (software|projects?|code|contributions?|work)\b)"
    r"|\bllama(\d|[-.]\w|\s\d|s\b)"
    r"|\b(our|my) (own )?([\w-]+ )?(models?|classifiers?|tokeni[sz]ers?|checkpoints?)\b|\btokeni[sz]\w*"
    r"|\b(sentiment|classification|vision|speech|embedding|detection|segmentation|language)(?<!large language)"
    r" models?\b"
    r"|\bloras?\b|\bgguf\b|\bsafetensors\b|\bmodel hubs?\b|\bmodel cards?\b|\bsystem cards?\b"
    r"|\btraining (split|set|loss|runs?|script|config|pipeline|steps?)\b|\bepochs?\b|\bbenchmarks?\b"
    r"|\bhyper-?param\w*"
)

# Works a model was trained on that are nobody's account data (pirated books, a public crawl): not the
# platform using its users' data, which is what the facts are about.
OTHER_WORKS = re.compile(
    r"\bpirat\w*|\blibgen\b|\bbooks3\b|\bthe stack(?! overflow)( v\d)?\b|\bbigcode\b|\bshadow librar\w*"
    r"|\bthe pile\b|\bcommon crawl\b|\blaion\b"
)

# A rhetorical question that asks nothing ("is anyone actually surprised Meta trains on our pics?").
RHETORIC = re.compile(
    r"\bwhat(?: is|'s|s)? the point of\b|\bwhy bother\b"
    r"|\b(is|was|are|were) (any|every)(one|body) (\w+ )?(surprised|shocked)\b|\bwho else (was|is|would"
    r"|could) (\w+ )?(going to|gonna)\b|\bwake up,? (people|sheeple|everyone)\b|\bdo your own research\b"
    r"|\bwhat'?s the harm\b"
)

RHETORIC_AT_START = re.compile(
    r"\W*((lol|lmao|haha|ok|so|bro)\W+)?imagine (\w+ )?\w+ing\b|\W*((friendly|gentle|quick) )?reminder:? that\b"
)

# "Does Signal use...", "Is Telegram training...": a capitalised name as the one that uses or trains (read on
# the text as written: the capital is what says it is a name).
COMPANY_SUBJECT = re.compile(
    r"\b([Dd]oes|[Ii]s|[Aa]re|[Ww]ill|[Hh]as|[Dd]id|[Cc]an|[Ww]ould) ([A-Z][\w.&-]+(?: [A-Z][\w.&-]+)?)"
    r" (?:\w+ ){0,2}?(?:use|uses|using|train|trains|training|sell|sells|selling|scrape|scraping|share|sharing"
    r"|collect)\b"
)

# Who uses or trains, as the subject of the ask, read on the text as written: a capitalised name ("Does Notion
# AI train", "Is Suno trained", "Does LINE use"), a platform the pack does not cover in lower case ("does
# twitch use", "is signal doing any AI training", "does mastodon.social let") or opening the post
# ("character.ai: are they training"). Whether the name is a platform's is the matcher's to say.
_SUBJECT_VERB = (
    r"(?i:use|uses|using|train|trains|training|sell|sells|selling|scrape|scrapes|scraping"
    r"|share|shares|sharing|collect|collects|let|lets|allow|allows|feed|feeds)\b"
)
_ASKED = r"(?i:does|do|is|are|will|has|did|can|would)"
OTHER_PLATFORM_NAMES = (
    r"mastodon|pixelfed|pillowfort|cara|signal|telegram|twitch|kick|notion|evernote|obsidian|shopify|etsy"
    r"|patreon|replika|character\.ai|c\.ai|otter|fireflies|canva|midjourney|suno|udio|vimeo|flickr|artstation"
    r"|shutterstock|getty|academia\.edu|researchgate|languagetool|deepl|quillbot|proton|lumo|duckduckgo|kagi"
    r"|kakaotalk|wechat|viber|fandom|wikipedia|wikimedia|quizlet|chegg|photobucket|smugmug|vsco|bandcamp"
    r"|deezer|strava|nextdoor|janitor ?ai|janitorai|zulip|clearview|miro|raycast|pillowfort|lemmy"
)
SUBJECT_NAMED = re.compile(
    rf"\b{_ASKED}\s+([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)?)\s+(?:\w+\s+){{0,3}}?{_SUBJECT_VERB}"
)
OTHER_SUBJECT = re.compile(
    rf"\b{_ASKED}\s+((?i:{OTHER_PLATFORM_NAMES})(?:\.\w+)?)\s+(?:\w+\s+){{0,4}}?{_SUBJECT_VERB}"
    # "how do I get Midjourney to stop training on my art", "make clearview stop scraping"
    rf"|\b(?i:get|make|stop|ask|tell)\s+((?i:{OTHER_PLATFORM_NAMES})(?:\.\w+)?)\s+(?:\w+\s+){{0,3}}?{_SUBJECT_VERB}"
)
OTHER_OPENING = re.compile(
    rf"^\W*((?i:{OTHER_PLATFORM_NAMES})(?:\.\w+)?)\s*[:\-–]\s*{_ASKED}\s+(?i:they|it)\s+(?:\w+\s+){{0,3}}?"
    rf"{_SUBJECT_VERB}"
)
# People who stand for their company ("does Elon use my tweets for Grok?"), the makers of a platform under
# another name, a platform's own products and models, and people in general: never another company.
STANDS_FOR_A_PLATFORM = frozenset(
    [
        *"""elon musk zuck zuckerberg mark altman sam satya nadella sundar pichai bezos jeff dario amodei
        alibaba llama sora codex gemma cortana people users companies platforms apps sites artists creators
        everything anything something nothing who what""".split(),
        "my ai",
        "ai companion",
        "ai overviews",
    ]
)

NOT_A_COMPANY = frozenset(
    """i ai it this that the my our your anyone anybody someone somebody everyone everybody there he she
    they we you one gdpr ccpa eu uk us usa europe""".split()
)

# Using an AI product to do a job ("can I use Claude to draft my objection?"): not what it does with data.
USING_AI_TO = re.compile(
    r"\b(wants?|planning|plan) to use (\w+ ){0,2}to (write|draft|generate|create|make)\b"
    r"|\b(can|could|should) (i|we|you) (use|ask|get) (\w+ ){0,2}(to|for) (help (me |us )?)?(write|draft"
    r"|generate|create"
    r"|make|summari[sz]e|translate|rewrite|proofread|word|phrase)\b"
)

# A guess at what will happen or an opinion asked of people ("will Meta be fined?"): no source says.
FORECAST = re.compile(
    r"\bwill (\w+ ){0,3}(be|get) (fined|sued|punished|investigated)\b"
    r"|\b(how (much|big)|what) (of )?(a )?fine (will|would|could)\b"
)

RELEASED_MODEL = re.compile(r"\breleased model\b|\bmodel has been (already )?trained\b")

# Asking a project for a feature, or saying one does not consent: a request to them, not a question to us.
REQUEST = re.compile(
    r"\b(are you|you are) (considering|planning)\b|\bplans? to (support|add|uplift|move|migrate|switch"
    r"|port)\b"
    r"|\bany plans? to (block|allow|make|include|integrate|offer)\b|\bplanned feature\b"
    r"|\bconsider(ing)? adding\b|\b(would|wouldn'?t|would not) it be possible to (add|access|support)\b"
    r"|\bi (have not|haven't) given my consent\b|\bi want to remove my\b"
    r"|\bit would be (nice|great|cool|good) (to|if)\b|\bplease (add|allow|make|consider|support|move|migrate|switch)\b"
    r"|\bfeature request\b"
    r"|\b(can|could|will|would) you (please )?(add|support|integrate|implement|include)\b"
    r"|\bare you (going|planning) to (add|support|implement|include)\b|\bany chance (of|you) (\w+ )?(add"
    r"|support)\w*"
    r"|\b(accept|open|submit|send|make|review) an? (pr|pull request|patch)\b|\badds? support for\b"
)

REQUEST_AT_START = re.compile(
    r"\W*i (do not|don't|did not|didn't|have not|haven't) (give |given )?(my )?consent"
)

# A licence or terms question about using a model's output, not about one's own data.
TERMS = re.compile(
    r"\b(violat|break|breach)\w* (\w+ ){0,3}(terms|tos|licen[cs]es?|polic(y|ies)|rules|conditions)\b"
    r"|\bagainst (\w+ ){0,2}(terms|tos|rules)\b|\bis (scraping|crawling) (\w+ ){0,3}(legal|allowed)\b|\bhiq\b"
    r"|\b(terms|tos|licen[cs]es?|polic(y|ies)|rules|conditions) (\w+ ){0,3}violat\w+\b"
    r"|\bcommercially usable\b|\busage policy\b|\bnot use if allowed\b"
    r"|\bunder (the |an? )?(mit|apache|gpl|bsd|cc[- ]by[\w-]*)\b|\b(get|gets|getting) (me|us) sued\b"
    r"|\bsue (me|us|you|someone|people)\b"
    r"|\b(i|we) (could |would |might |will )?(be|get) sued\b|\b(am i|are we) liable\b|\binfring\w*"
)

# A feature that works or not: a support question.
SUPPORT = re.compile(
    r"\bdeprecat\w*|\bnot found\b|\bgetting (an? |the |this )?(\w+ )?errors?\b|\berror (message|code)s?\b"
    r"|\bcrash(es|ed|ing)?\b|\bstill work\w*\b|\boutages?\b|\bglitch\w*|\bpermission (issue"
    r"|problem|error)s?\b"
    r"|\bcan'?t (see|find|open|access|read) (my |the )?(\w+ )?(files?|documents?|folders?|drive)\b"
    r"|\b(?<!not a )bug in (the |this |my )?(library|code|sdk|client|app|extension|plugin)\b|\b(don'?t"
    r"|doesn'?t|do not|does not) (arrive|load|appear)\b"
    r"|\bwill (ai|it) (still )?work\b|\bnot (appearing|showing|working)\b|\bdoes(n't| not) (work|show)\b"
)

# A feature that has not reached the asker: availability, not what is done with their data.
AVAILABILITY = re.compile(
    r"\b(hasn'?t|has not|not yet|isn'?t|is not) (been )?(rolled|rolling) out\b"
    r"|\bwhen (will|is|does) (\w+ ){0,5}(come|coming|launch\w*|arrive|available|getting cheaper)\b|\b(isn'?t|is not"
    r"|not) showing up\b"
    r"|\b(get|got|was|were|been) added to\b|\bjust appeared\b|\bcan (\w+ ){0,2}still (use|access)\b"
    r"|\b(don'?t|do not) (have|see|get) (the|this) feature\b|\bstill exists?\b|\bis it (out|live|available) (in|here|yet)\b"
    r"|\b(doesn'?t|does not|don'?t|do not) show up\b|\bis it blocked\b"
    r"|\b(launch\w*|roll\w* out|expand\w*) (\w+ ){0,4}?in \d+ (more )?(markets|countries)\b"
)

# Other things people ask about an AI product that are not what it does with their data: using it, its
# outputs' rights, their account, collecting data themselves. Read only when no training is talked of.
OTHER_ASK = re.compile(
    r"\bhow (do i|to|can i|can we|do you) (use|enable|turn on|activate|talk to|chat with)\b"
    r"|\bhow (do|can|to) (i |we |you )?(give|leave|send|submit) feedback\b"
    r"|\b(best|good|recommended|free) (ai )?(tools?|apps?|prompts?|services?) (to|for)\b"
    r"|\b(is it possible to|can (i|we|you)) (activate|enable|turn on|switch on)\b"
    r"|\bcopyright\w*|\bcommercial(ly)? use\b|\bcommercially\b|\bwho owns\b|\bgenerated (images?|content|code"
    r"|text)\b"
    r"|\b(what|which) (ai |llm |language )?(models?|llms?) (does|do|is|are) [\w ]{1,30} (use|using|run"
    r"|running|based on)\b"
    r"|\bshare (\w+ ){0,3}with (a |my |the )?(teammates?|team|colleagues?|coworkers?)\b|\b(locally|offline)\b"
    r"|\bon (my|the|your) (machine|computer|laptop)\b"
    r"|\bhow (can|do|could) (i|we) (let|get|make|have) (an? )?(ai|bot|agent|chatbot|llm)\b"
    r"|\bunder the hood\b|\b(am i|are we) (even )?allowed to use\b|\b(old enough|age limit|minimum age)\b|\bgr[ae]yed out\b|\bcontests?\b|\bgiveaways?\b|\b(change|set|switch) (the )?(\w+ )?language\b"
    r"|\b(it|employers?|boss|company|hr|admins?|managers?) wants? to (read|see|monitor|access)\b"
    r"|\b(staff|mods|moderators|admins|employees) (\w+ )?(read|see|access)\b"
    r"|\b(get rid of|remove|hide) (this|the|that) (\w+ )?(ring|circle|icon|button|bubble)\b|\block ?screen\b"
    r"|\bunlimited\b|\bhit(ting)? the (cap|limit)\b|\beducation pack\b|\bfree for (all )?(\w+ )?students\b"
    r"|\bcelebrity voices?\b|\bwhy can'?t i (get|use|see|find)\b"
    r"|\bsuggest\w* (\w+ )?(replies|responses|answers)\b|\blimit reached\b"
    r"|\b(replying|responding) to (our |my |the )?(customers|clients)\b"
    r"|\b(anyone|anybody) (got|get|gotten) (\w+ ){0,4}working\b|\bwhich one (gives|is better|makes|works better)\b"
    r"|\bauto-?join\w*|\busage limits?\b|\bmoney back\b|\bcharged me\b|\bdeepfakes?\b|\bscam\w*"
    r"|\bemotion (detection|recognition)\b|\bsentiment analysis\b|\b(eu )?ai act\b"
    # the product's own screens and services: its location, family controls, pins, labels, dubbing, claims
    r"|\b(know|knows|see|sees|track\w*) (\w+ ){0,2}location\b|\bfamily (center|centre|link|pairing)\b"
    r"|\bparental controls?\b|\bpinned\b|\bcheating\b|\bauto-?screen\w*|\bcredits\b|\bwrites? better\b"
    r"|\bai info\b|\bmade with ai\b|\bget the label off\b|\bauto-?dub\w*|\bread (\w+ ){0,2}out loud\b"
    r"|\bannounce messages\b|\b(voice|accent) or language\b|\btaken down\b|\btakedown\b|\bfile a claim\b"
    r"|\bhow much (do|will|would) (you|i|we) (actually )?get\b|\bget (\w+ ){0,3}back instead of\b"
    r"|\bdelete (just |only )?(one|a|all )?(my |the )?(\w+ ){0,2}(conversation|chat)\b"
    r"|\b(google )?takeout\b|\bend-to-end encrypt\w*|\be2ee\b|\b(get|have) my data deleted\b"
    r"|\bhow do (we|i) apply for\b|\bminimum spend\b|\b(never |not )?(posted|shared|shown) publicly\b"
    r"|\bseo\b|\bsitemaps?\b|\bschema markup\b|\bcite my (site|page|blog)\b|\b(traffic|clicks|reach|views|engagement|impressions) (\w+ ){0,3}(dropped|tanked|fell|died)\b|\bshadow ?bann?\w*"
    r"|\bwhat do you (all |guys )?think\b|\bwhat'?s the difference between (that|this|it|them)\b"
    r"|\b(other (people|members|users)|group members|everyone in the (group|chat)) (\w+ ){0,4}?(see|read)\b|\b(system|internal|hidden) prompts?\b|\bis it (allowed|ok|okay|permitted) to (post|upload|sell|share)\b"
    r"|\bban (me|my account)\b"
    r"|\b(bulk|mass)[ -]?delet\w*|\bdelete (all )?(my |the )?(\w+ ){0,2}(history|conversations|chats)\b"
    r"|\b(banned|suspended|refund|billing|invoice|password|2fa|verification code)\b"
    r"|\b(stop|quit) paying\b|\bcancel\w*|\bunsubscrib\w*|\bdowngrad\w*|\bdemoneti\w*|\bmonetiz\w*"
    r"|\bhow long (until|before|till|is|are|do|does|will) (\w+ ){0,6}?(gone|deleted|kept|stored|erased|keep|store"
    r"|retain)\b|\bauto-?delet\w*|\b(get|recover|restore) (\w+ ){0,3}(chats|history|conversations) back\b"
    r"|\blost (all )?(my )?(\w+ )?(history|chats|conversations)\b"
    r"|\b(police|warrants?|subpoenas?|law enforcement|court orders?)\b|\bsearch results\b|\bindexed by\b"
    r"|\bdownload link\b|\b(link (has )?expired|expired link)\b|\bdata privacy framework\b"
    r"|\btransferr?\w* (\w+ ){0,3}to (the )?(us|united states)\b"
    r"|\blaid off\b|\blayoffs?\b|\breplac\w+ (\w+ ){0,5}with ai\b|\b(is it|are they) (any )?good\b"
    r"|\bworth it\b"
    r"|\b(ai|chatgpt|gpt)[- ](written|generated|made|created)\b|\b(written|generated|made|created) (by"
    r"|with) (ai|chatgpt)\b"
    r"|\bai (junk|slop|spam)\b|\b(my|the|your|home|for you) feed\b"
    r"|\bhow (can|do) (i|we) (scrape|crawl|pull|fetch|download|collect|export)\b"
    r"|\b(scrape|crawl|fetch|pull|collect) (the )?(data|posts|comments|tweets|profiles|videos) from\b"
    r"|\b(wrong|incorrect|false|inaccurate|made[- ]up) (information|answers?|facts?|info)\b|\bhallucinat\w*"
    r"|\brefus\w* to (answer|help|reply)\b|\bcontext window\b"
    r"|\bis it (just )?me\b"
    r"|\bcan [\w.]+( ai)? (read|open|understand|handle|generate|write|search|browse|summari[sz]e|transcribe)"
    r" (pdfs?|files?|images?|the web|links?|videos?|audio|spreadsheets?)\b"
    r"|\bfired\b|\brefus\w* to use\b|\bemployment\b|\bcan (i|we) use (it|this|that|[\w.]+( ai)?) to\b"
    r"|\bhow (accurate|good|reliable|fast|expensive|easy) (is|are)\b|\balternatives? (to|for)\b"
    r"|\bany alternatives\b"
    r"|\bhow (do|can|should) (i|we) report\b|\breport (it|them|this|that|a|an|the)\b|\bwithout (credit"
    r"|crediting)\b"
    r"|\b(some(one|body)|people|a (fake )?(profile|account)) (is |are )?(using|stole|stealing|copied|copying"
    r"|reposting"
    r"|impersonat\w*)\b"
    r"|\b(can|could|does|do|will) ((my|the|our|an?|other) )?(\w+ ){0,2}(employer|boss|admins?|manager|company"
    r"|workspace owner"
    r"|it department|hosts?|moderators?|mods|owners?|other users|people)"
    r" (\w+ )?(see|read|access|monitor|view)\b"
    r"|\b(employers?|boss|admins?|managers?|moderators?|mods|hr|it department|workspace owners?) (can|could|will"
    r"|may) (\w+ )?(see|read|access|monitor|view)\b"
    r"|\bis it (legal|allowed|ok|okay|safe) (for (\w+ ){1,2})?to use\b"
    # an app that will not respond, its permissions, selling what one made, a plan to buy, deleting one image
    r"|\bwon'?t (respond|reply|work|load|open|show up)\b|\bwhat permissions? (do|does|should|would)\b"
    r"|\bcan (i|we) sell\b|\bcheckout\b|\bdo i need (\w+ ){0,2}(plan|subscription|personal|premium|pro|plus"
    r"|family)\b|\bdelete (it|this|that|them) from (the|my) (chat|conversation|thread)\b"
    # safe as in scams, sign-ins and children, and accounts bought or shared
    r"|\bis it (safe|ok|okay) to (let|click|buy|download|install|sign in|log in|connect|link|give)\b"
    r"|\b(buy|buying|bought|sell|selling|resell\w*|shared?|sharing) (\w+ ){0,3}accounts?\b"
)
# Who can read or see one's messages, asked with nothing of AI in it: privacy, not training.
WHO_CAN_SEE = re.compile(
    r"\bwho (else )?(can|could|is able to) (\w+ ){0,2}(read|see|access|view)\b"
    r"|\b(employer|boss|work|company|it department|police|government) (\w+ ){0,4}(see|read|access|monitor)\b"
)

# What turning training off (objecting, deleting recordings) does to the asker's product: a feature kept or
# lost, ads, routines ("if I turn off 'Improve the model' does ChatGPT lose its memory of me?"). Both parts
# must be there: "if I opt out, will my old posts still be used?" asks what the way out covers, and is ours.
IF_I_TURN_IT_OFF = re.compile(
    r"\bif i (turn|switch|toggle|opt|untick|uncheck|disable|submit|object|delete|clear)\w*\b"
)
A_FEATURE_AFTER = re.compile(
    r"\b(lose|loses|losing) (\w+ ){0,3}?(memory|memories|history|features?|access|personali[sz]ation)\b"
    r"|\bforget\w*|\b(can|could|will|would) i still (use|get|have|access)\b|\b(still|stop|keep) working\b"
    r"|\bbreak\b|\bstop seeing\b|\b(fewer|less|more|worse) (ads|suggestions|recommendations)\b|\broutines\b"
)

OTHER_ASK_AT_START = re.compile(
    r"\W*(does|do|will|can) (\w+ ){1,4}work (in|on|with|for|offline)\b"
    r"|\W*(does )?(anyone|anybody) else (think|find|feel|notice|hate|love|see)\b"
)

# What a product costs, includes or where it has launched; read only when neither training nor the asker's
# own data is talked of ("does meta ai include my public posts?" asks about their posts).
PRODUCT_DETAILS = re.compile(
    r"\b(includes?|included|comes? with|cost|costs|price|pricing)\b|\b(available|availability|launch\w*) (in"
    r"|to|for)\b"
)

# Any sign that a question is about AI or the bodies that rule on it; without one (and without training talk
# or the asker's data) it is about something else a platform does ("#NoToMetaAI" and "OpenAI" count).
AI_NAMED = re.compile(
    r"\b\w*ai\b|\ba\.i\.|\bartificial intelligence\b|\bintell?ig\w* artifici\w*|\bllms?\b|\bmodels?\b|\bml\b"
    r"|\bgpt\w*|\bchatgpt\b"
    r"|\bgrok\b|\bgemini\b|\bcopilot\b|\bclaude\b|\bdreamup\b|\bfirefly\b|\bclyde\b|\bmachine learning\b"
    r"|\b(alexa|siri|bard|dall-?e|poe|assistant|chatbots?)\b|\bimprov\w*"
    r"|\b(gptbot|claudebot|google-extended|applebot(-extended)?|ccbot|oai-searchbot)\b"
)

LAW_WORDS = (
    r"(privacy (watchdogs?|authorit(y|ies)|laws?|acts?|rules|regulations?)|ico|dpc|noyb|garante|anpd|gdpr|regulators?|commissioner|data protection"
    r"|legitimate interest)"
)

LAW = re.compile(rf"\b{LAW_WORDS}\b")

# What a regulator or a law is ("wat is the ico"): a question about the body itself, which the facts answer.
WHAT_IS_AT_START = re.compile(
    rf"\W*(what|wat|who)('?s| is| are| was| were| does)( the| an?)?( \w+)? {LAW_WORDS}\b"
)

# How an AI product behaves for the asker ("keeps forgetting", "made my homepage in Spanish", "the My AI
# bitmoji"): read only when no training is talked of and no use of the asker's data.
BEHAVIOUR = re.compile(
    r"\bkeeps (\w+ing)\b|\b(answering|replying|responding|showing up|popping up|appearing) (in|under|on)\b"
    r"|\b(turned|turns) (my|our|a|the) \w+ into\b|\b(giving|gives|gave) me\b|\bforget\w*|\b(made"
    r"|makes) my \w+"
    r"|\bin (spanish|english|french|german|italian|portuguese|dutch|polish|japanese)\b"
    r"|\b(bitmojis?|emojis?|watermarks?|dubbing|playlists?|components|design system)\b"
    r"|\bdefault model\b|\b(which|what) (\w+ )?models? is\b|\b(shorter|longer)\b"
)

# A part of the product's screen or output ("the AI Companion summary button", "suggestions matching public
# code"): read only when neither training nor the asker's own data is talked of.
FEATURE = re.compile(
    r"\b(suggestions?|completions?|autocomplete|buttons?|icons?|toolbar|sidebar|menus?|pop-?ups?|shortcuts?"
    r"|summar(y|ies)|summari[sz]\w*|notifications?|notif(y|ies|ied)|screenshots?|memor(y|ies)|filters?"
    r"|effects?|stickers?|lenses|avatars?)\b|\bremember\w*"
    r"|\bunpin\w*|\bnsfw\b|\bsearch bar\b|\bbar at the (top|bottom)\b"
)

# What a platform may do with the asker's things besides training on them ("showing my profile in search
# engines"): with no word of AI, training or use, a question about visibility or settings of another kind.
DATA_USE = re.compile(
    r"\b(use|uses|using|used|tak(e|es|ing)|sell\w*|sold|shar(e|es|ed|ing)|scrap\w+|harvest\w*|collect\w*"
    r"|process\w*|read(s|ing)?|analy[sz]\w*|access\w*|mine|mining|keep\w*|stor(e|es|ed|ing)|learn\w*|feed\w*"
    r"|save[sd]?|saving|record\w*|monitor\w*|track\w*|privacy|private|deals?|included|includes?)\b"
    r"|\b(do|does|doing|did) (\w+ )?with\b|\bpart of\b"
)

# Products Privy has no facts on, though their names contain a platform's.
OTHER_PRODUCT = re.compile(
    r"\bgemini (cli|code assist|api)\b|\bcode assist\b|\bcopilot studio\b|\bazure\b|\bpylance\b"
    r"|\bintellicode\b|\bclassroom\b|\bgoogle workspace\b|\bgemini for education\b"
    r"|\bring (doorbell|cameras?|footage|app)\b|\bwordpress\.org\b|\bself-hosted (wordpress|wp|site|blog)\b|\bjetpack\b|\bporcupine\b|\bwake ?words?\b"
)

# Copilot in an editor, on code or pull requests, is GitHub Copilot; Copilot in Word or M365 is Microsoft's.
CODE_CONTEXT = re.compile(
    r"\bcode\b|\brepos?\b|\brepositor\w+|\bpull requests?\b|\bprs\b|\bide\b|\bvs ?code\b|\bjetbrains\b"
    r"|\b(?<!microsoft )(?<!365 )copilot (workspace|chat|cli|pro\+|free|enterprise)\b|\bpremium requests?\b"
    r"|\binteraction data\b|\bsnippets?\b|\bsuggestions?\b"
    r"|\bcompletions?\b|\bautocomplete\b"
)

OFFICE_CONTEXT = re.compile(
    r"\bmicrosoft 365\b|\bm365\b|\boffice\b|\bword\b|\bexcel\b|\bteams\b|\bbing\b|\bmicrosoft accounts?\b"
    r"|\bschool (email|account)s?\b"
)

# Around a platform's name: asked of it ("does OpenAI ..."), what it does next ("... use it to train"), by it
# ("trained on by OpenAI"), sent to it ("the code this extension sends to OpenAI"), it training ("Anthropic
# trains on", "Google's training", "OpenAI's models"). Each reads the text just before or just after a name.
ASKED_OF = re.compile(r"\b(is|are|does|do|will|would|has|have|did|can) $")
TRAINS_OR_USES = re.compile(r" (\w+ ){0,2}?(train|us(e|es|ing)\b)")
BY_NAME = re.compile(r"\b(trained on|used) by $")
SENT_TO = re.compile(
    r"\b(sends?|sent|sending|goes|go) (\w+ ){0,3}?to $|\bsends? (\w+ ){0,3}?through (my |the |your |our )?$"
)
NAME_TRAINS = re.compile(
    r" (now |also |still |actually |will |would )?(trains?|is training)\b|'?s? (own )?(training|models)\b"
    r"| (said|says|announced) (they'?d|they will|it will|it'?d) (start |begin )?train"
)

# A question on our subject that names no platform, though it is about one ("where are the settings to use my
# account for training?", an app review's "the setting was on by default, how do I turn it off"): Privy asks
# which platform. One sentence seeks a setting, the asker speaks of their own, and none of the ones after
# these holds.
SEEKS_HELP = re.compile(
    r"\?|^\W*((and|so|but|ok|okay|then|also) )?how (do|can|to)\b|\b(can'?t|cannot|can not|couldn'?t) find\b"
)
A_SETTING = re.compile(
    r"\b(settings?|option|toggle|switch|opt(s|ed|ing)?[\s-]*(out|in)|exclud\w*|turn (it |this |that )?off"
    r"|disable|the app|my account)\b"
)
FIRST_PERSON = re.compile(r"\b(my|our|i|me|mine|i'?m)\b")
# ... asked of a project or a tool ("will you train on our bug reports?", "does this plugin send my code"),
ADDRESSED_TO_A_PROJECT = re.compile(
    r"\b(you|your|yours|ya|u)\b|\bthis (project|repo|model|tool|ui|client|library|dataset)\b"
    r"|\bplugins?\b|\bextensions?\b"
)
# ... or about platforms in general ("opt out of AI training in general", "which app doesn't train").
ANY_PLATFORM = re.compile(
    r"\b(in general|across|every (app|company|platform)|all (the )?(apps|platforms|sites|services)"
    r"|any (ai )?(app|platform|site|service|tool)s?|which (ai )?(app|platform|service|tool)s?|recommend\w*"
    r"|best way)\b"
)
# A name written as one (capitalised inside a sentence, or opening a post as "Canva: ..."): a product the pack
# may not have, so no platform of ours is "the one meant". Read on the text as written, not lower-cased.
A_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]+[\w.]*")
A_NAME_OPENING = re.compile(r"\s*[A-Z][\w.]+\s*[:\-–]")
A_NAME_WRITTEN_AS_AN_ADDRESS = re.compile(r"\b[a-z]{2,}\.(ai|app|co|com|io|net|org)\b")  # "otter.ai"
