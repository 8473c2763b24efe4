/** Corpus templates for conversational traffic: support chats, emails, multilingual messages. */
import { type Gen, type Part, t } from './corpus-gen.js';

export interface Template {
  category: string;
  make: (g: Gen) => Part[];
}

export const chatTemplates: Template[] = [
  {
    category: 'support-chat',
    make: (g) =>
      t`user: Hi, I ordered on ${g.neg.date()} (order ${g.neg.order()}) and was charged twice, ${g.neg.price()} each, on my card ${g.card()}. You can reach me at ${g.phone()} or ${g.email()}.
assistant: I'm sorry about that! I can see order ${g.neg.order()} from ${g.neg.isoDate()}. I've opened ticket ${g.neg.order()} and you'll get an update within 2 business days.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: my new number is ${g.phone()}, please update it. the old one ${g.phone()} no longer works
assistant: Done. Your profile now lists ${g.neg.misc()} as the preferred slot and the new number. Anything else?`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`User: I can't log in since the ${g.neg.version()} update. My email is ${g.email()}, and I tried resetting my password twice.
Assistant: Thanks, ${g.first()}. I found the account created ${g.neg.ts()}. Could you confirm the last four digits of the card on file? Please don't send the full number.
User: sure, it's the whole thing: ${g.card()} exp 0${g.neg.int(1, 9)}/2${g.neg.int(6, 9)}`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`Customer: please refund to my IBAN ${g.iban()} instead of the card, the card was cancelled. Amount was ${g.neg.price()} (invoice ${g.neg.order()}).
Agent: Understood. Refunds to bank accounts take 3-5 days. I've noted the IBAN for ticket ${g.neg.order()}.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: call me on ${g.barePhone()} after 5pm, or text ${g.phone()}
assistant: Will do. For reference your case id is ${g.neg.uuid()}.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: for the tax form: name ${g.name()}, SSN ${g.ssn()}, date of birth ${g.neg.isoDate()}. Employer EIN is ${g.neg.int(10, 99)}-${g.neg.int(1000000, 9999999)}.
assistant: Thanks. I have filled in the W-9 draft; please verify the SSN ${g.neg.misc()} formatting before submitting.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: my social security number is ${g.bareSsn()} and my zip is ${g.neg.int(10000, 99999)}
assistant: I can't process identity documents in chat, but I've escalated to a specialist.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: I'm moving to London, my National Insurance number is ${g.nino()} and my new mobile is ${g.phone()}
assistant: Congratulations on the move! I updated the address; the payroll change takes effect on ${g.neg.date()}.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: the app crashes on ${g.neg.version()} when I paste this key ${g.key()} into settings
assistant: Please revoke that key right away - it's a live credential. Then create a new one and paste it only into the settings field.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: my router shows WAN IP ${g.ipv4()} and the VPN gives me ${g.ip()}, but the dashboard blocks me
assistant: Your allowlist contains ${g.ipv4()} only. I added the second address; changes apply within ${g.neg.int(2, 15)} minutes.`,
  },
  {
    category: 'email',
    make: (g) =>
      t`From: ${g.name()} <${g.email()}>
To: ${g.plant('email', `billing@${g.rng.pick(['acme.com', 'globex.io'])}`)}
Subject: Re: Invoice ${g.neg.order()} (${g.neg.price()})

Hello,

please find the corrected bank details below.
Account holder: ${g.name()}
IBAN: ${g.iban()}
BIC: ${g.rng.pick(['COBADEFFXXX', 'DEUTDEDBBER', 'NWBKGB2L', 'BNPAFRPPXXX'])}

Best regards,
${g.name()}
Tel. ${g.phone()} | Mobile ${g.phone()}
${g.email()}`,
  },
  {
    category: 'email',
    make: (g) =>
      t`-----Original Message-----
From: ${g.email()}
Sent: ${g.neg.ts()}
Subject: onboarding paperwork

Hi HR, attached is my I-9. SSN ${g.ssn()}. Emergency contact: ${g.name()}, ${g.phone()}.
Thanks!`,
  },
  {
    category: 'multilingual',
    make: (g) =>
      t`Nutzer: Hallo, meine Telefonnummer hat sich geändert: ${g.phone()}. Bitte buchen Sie die Rate vom ${g.neg.date()} (${g.neg.price()}) von meinem Konto ${g.iban()} ab.
Assistent: Vielen Dank! Ich habe Ihre Daten aktualisiert. Rückfragen an ${g.email()}.`,
  },
  {
    category: 'multilingual',
    make: (g) =>
      t`Client : Bonjour, je n'arrive pas à payer avec ma carte ${g.card()}. Mon numéro est le ${g.phone()} et mon courriel ${g.email()}.
Assistant : Bonjour ! La commande ${g.neg.order()} du ${g.neg.date()} est bien enregistrée, montant ${g.neg.price()}.`,
  },
  {
    category: 'multilingual',
    make: (g) =>
      t`Usuario: mi DNI es ${g.dni()} y mi móvil ${g.phone()}. ¿Pueden enviarme la factura ${g.neg.order()} a ${g.email()}?
Asistente: ¡Claro! La factura de ${g.neg.price()} se enviará hoy.`,
  },
  {
    category: 'multilingual',
    make: (g) =>
      t`Gebruiker: mijn BSN is ${g.bsn()} en mijn IBAN ${g.iban()}. Kunt u het bedrag van ${g.neg.price()} terugstorten?
Assistent: Dank u. Het verzoek ${g.neg.order()} is aangemaakt op ${g.neg.date()}.`,
  },
  {
    category: 'multilingual',
    make: (g) =>
      t`ユーザー: 注文番号 ${g.neg.order()} の件です。電話番号は ${g.phone()}、メールは ${g.email()} です。
アシスタント: ありがとうございます。${g.neg.date()} に発送予定です。`,
  },
  {
    category: 'multilingual',
    make: (g) =>
      t`Cliente: meu cartão ${g.card()} foi recusado na compra de ${g.neg.price()}. Telefone: ${g.phone()}
Assistente: Verifiquei o pedido ${g.neg.order()}; o banco recusou a transação às ${g.neg.time()}.`,
  },
  {
    category: 'multilingual',
    make: (g) =>
      t`user: My Aadhaar number is ${g.aadhaar()} and PAN card is on the way. Phone ${g.phone()}
assistant: Thank you. KYC request ${g.neg.uuid()} is pending verification.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: here's the login for the staging box so you can check: user admin / password ${g.password()}
assistant: Please never share passwords in chat. I have flagged this conversation so the credential can be rotated.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: our webhook signing secret is ${g.highEntropy()} - is that the right format?
assistant: That looks like a valid secret. Do not paste it anywhere public; rotate it from the dashboard if it leaked.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: the integration still returns 401 with ${g.highEntropy()} even after I regenerated it (request ${g.neg.llmId()})
assistant: That credential was revoked at ${g.neg.time()}. Generate a new one in Settings and update your deployment.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: Release ${g.neg.version()} broke the export. The ISBN column (e.g. ${g.neg.isbn()}) now shows ${g.neg.misc()} and prices like ${g.neg.price()} are rounded.
assistant: Thanks for the report. This is tracked as ${g.neg.order()}; a fix ships in ${g.neg.version()}. Build ${g.neg.sha()}.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: The total says ${g.neg.price()} but the receipt dated ${g.neg.date()} ${g.neg.time()} shows ${g.neg.price()}. Card ending ${g.neg.int(1000, 9999)}.
assistant: I see the mismatch. The rate on ${g.neg.isoDate()} was ${g.neg.misc()}; I've asked finance to check invoice ${g.neg.order()}.`,
  },
  {
    category: 'support-chat',
    make: (g) =>
      t`user: I tried the test card ${g.neg.invalid()} and also ${g.neg.invalid()}, neither worked. Reference ${g.neg.order()}.
assistant: Those numbers fail validation, so the form rejects them. Use a real card or ${g.neg.version()} of the SDK test helpers.`,
  },
];
